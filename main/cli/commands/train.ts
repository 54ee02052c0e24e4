import { resolve } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { describeZodError } from '../../../shared/api/dispatch';
import {
  TrainingConfigSchema,
  TrainingErrorCode,
  type ErrorEvent,
  type TrainingConfigInput,
  type TrainingEvent,
} from '../../../shared/api/training';
import { RunSession } from '../../host/runs/session';
import { RunStore } from '../../host/runs/store';
import { WorkerHost } from '../../host/worker/host';
import { failLine, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { loadModel } from '../load-model';
import { progressWriter } from '../train-progress';
import { defaultDataDir } from './serve';

const USAGE = `Usage: stride train <model> --dataset <mnist|mnist-10k|shapes|PATH> [--epochs N] [--batch-size N]
       [--optimizer sgd|momentum|adam|rmsprop|adagrad|adadelta|adamax] [--lr X]
       [--backend auto|torch|tensorflow|webgpu|wasm|cpu] [--limit N] [--seed N] [--out DIR] [--json]
       [--validation-split X] [--schedule cosine|constant] [--normalize unit|standardize|dataset]
       [--pad N|T,B,L,R] [--resize HxW] [--channels 1|3] [--initial-weights DIR]

Trains <model> (a *.stride.json project, a GraphDoc JSON, or preset:<id>) in a worker process and saves the
run (run.json, metrics.jsonl, the model in tfjs format, the test evaluation) in a folder under --out (default:
the app's runs folder, ${'<user data>/runs'}, so the run also appears in the Training tab).
  --dataset  mnist: the official 60,000 / 10,000 split (validation carved from the 60,000); mnist-10k: 10,000
             digits split 8,000 / 2,000 by seed (quick); shapes; or a folder (images, IDX, CIFAR-10)
  --pad, --resize, --channels   turn the dataset's images into the graph's input (LeNet-5 on MNIST: --pad 2)
  --backend  torch: PyTorch in your python3 (STRIDE_PYTHON), on CUDA/ROCm/MPS when torch sees a GPU
  --initial-weights DIR   start from a tfjs model's weights (a run's model/ folder, stride import
             --weights-out): matched by layer name and shape, the rest seeded (a replaced head); layers whose
             node has "trainable": false in the graph stay exactly as they start
  --json     one JSON object per line: start, batch, epoch, end, or error
Exit code: 0 when the run ends, 1 on an error, 130 after Ctrl+C (the run is stopped cleanly and kept).
`;

const OPTIONS = {
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  backend: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  'validation-split': { type: 'string' },
  schedule: { type: 'string' },
  normalize: { type: 'string' },
  pad: { type: 'string' },
  resize: { type: 'string' },
  channels: { type: 'string' },
  out: { type: 'string' },
  'initial-weights': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags → a config for zod to validate (numbers stay strings when they are not numbers, so zod says why). */
export function configFromFlags(
  flags: Readonly<Record<string, string | boolean | undefined>>,
): TrainingConfigInput {
  const num = (v: string | boolean | undefined): unknown =>
    typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  const entries: [string, unknown][] = [
    ['dataset', flags.dataset],
    ['epochs', num(flags.epochs)],
    ['batchSize', num(flags['batch-size'])],
    ['optimizer', flags.optimizer],
    ['learningRate', num(flags.lr)],
    ['backend', flags.backend],
    ['limit', num(flags.limit)],
    ['seed', num(flags.seed)],
    ['validationSplit', num(flags['validation-split'])],
    ['normalize', flags.normalize],
    ['schedule', typeof flags.schedule === 'string' ? { kind: flags.schedule } : undefined],
    ['transform', transformFromFlags(flags, num)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TrainingConfigInput;
}

/** --pad 2 | 1,2,1,2, --resize 32x32, --channels 3 → the config's transform (zod says what is wrong). */
function transformFromFlags(
  flags: Readonly<Record<string, string | boolean | undefined>>,
  num: (v: string | boolean | undefined) => unknown,
): unknown {
  const out: Record<string, unknown> = {};
  if (typeof flags.pad === 'string') {
    const parts = flags.pad.split(',').map((p) => num(p.trim()));
    out.pad = parts.length === 1 ? [parts[0], parts[0], parts[0], parts[0]] : parts;
  }
  if (typeof flags.resize === 'string') out.resize = flags.resize.split(/[x×,]/i).map((p) => num(p.trim()));
  if (flags.channels !== undefined) out.channels = num(flags.channels);
  return Object.keys(out).length === 0 ? undefined : out;
}

const FLAG_OF: Readonly<Record<string, string>> = {
  batchSize: 'batch-size',
  learningRate: 'lr',
  validationSplit: 'validation-split',
};

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model on mnist, shapes or an image folder (--json: one event per line)',
  async run(args) {
    const parsed = parseCommandArgs(args, OPTIONS);
    if (!parsed.ok) return failLine('train', `${parsed.message}; run 'stride train --help'`);
    const { flags, positionals } = parsed.value;
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const json = flags.json === true;
    const fail = (code: string, message: string, nodeId: string | null = null): number => {
      if (json) {
        const event: ErrorEvent = { type: 'error', code, message, nodeId };
        process.stdout.write(`${JSON.stringify(event)}\n`);
      }
      return failLine('train', `${message} [${code}]`);
    };
    const [spec, extra] = positionals;
    if (spec === undefined || extra !== undefined)
      return fail(TrainingErrorCode.usage, 'give exactly one <model>; see --help');
    if (flags.dataset === undefined)
      return fail(TrainingErrorCode.usage, '--dataset is required (mnist, shapes or a folder)');
    const config = TrainingConfigSchema.safeParse(configFromFlags(flags));
    if (!config.success) {
      const first = config.error.issues[0];
      // transform.pad → --pad: a transform's flags are its own fields.
      const key = String((first?.path[0] === 'transform' ? first.path[1] : first?.path[0]) ?? '');
      return fail(
        TrainingErrorCode.usage,
        `--${FLAG_OF[key] ?? key}: ${describeZodError(config.error).replace(/^[^:]*: /, '')}`,
      );
    }
    const loaded = await loadModel(spec);
    if (!loaded.ok) return fail(loaded.error.code, loaded.error.message, loaded.error.nodeId);

    const store = new RunStore(
      typeof flags.out === 'string' ? resolve(flags.out) : resolve(defaultDataDir(), 'runs'),
    );
    await store.recoverInterrupted().catch(() => undefined);
    const workers = new WorkerHost();
    const progress = progressWriter(process.stdout, process.stdout.isTTY === true);
    const print = (_runId: string, event: TrainingEvent): void => {
      if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
      else progress.write(event);
    };
    const session = RunSession.start({
      store,
      workers,
      graph: loaded.value.graph,
      config: config.data,
      ...(typeof flags['initial-weights'] === 'string'
        ? { initialWeightsDir: resolve(flags['initial-weights']) }
        : {}),
      // A project file is recorded as the app records a saved project, so the app lists the run as its own.
      ...(loaded.value.project === null
        ? {}
        : { project: { path: resolve(spec), name: loaded.value.graph.name } }),
      onEvent: print,
    });
    let interrupted = 0;
    const onSigint = (): void => {
      interrupted += 1;
      if (interrupted === 1) {
        session.control('stop');
        if (!json) {
          progress.clear();
          process.stderr.write('Stopping after the current batch (Ctrl+C again to quit at once)…\n');
        }
      } else {
        process.stderr.write('stride train: quitting without waiting for the run to stop\n');
        void workers.dispose();
        process.exit(130);
      }
    };
    process.on('SIGINT', onSigint);
    try {
      try {
        await session.started;
      } catch (error) {
        const f =
          error instanceof StrideFailure ? error : new StrideFailure(TrainingErrorCode.failed, String(error));
        return fail(f.code, f.message, f.nodeId);
      }
      const record = await session.done;
      progress.clear();
      if (record.status === 'failed') {
        const e = record.error;
        // The error event is already on stdout (--json); the one line goes to stderr.
        return failLine(
          'train',
          `${e?.message ?? 'the run failed'} [${e?.code ?? TrainingErrorCode.failed}]`,
        );
      }
      return interrupted > 0 ? 130 : 0;
    } finally {
      process.off('SIGINT', onSigint);
      await workers.dispose();
    }
  },
};
