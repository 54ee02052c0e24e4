import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import type { ExportFormat } from '../../../shared/codegen/export';
import type { TrainingChoiceInput } from '../../../shared/codegen/training';
import { OptimizerSchema } from '../../../shared/api/training';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { jsonText } from '../../../shared/codegen/escape';
import { EXPORT_FORMATS, exportText } from '../../../shared/codegen/export';
import { tfjsArtifacts, weightValues, WEIGHTS_FILE } from '../../../shared/codegen/tfjs-artifacts';
import { tempPathFor, writeFileAtomic } from '../../host/atomic';
import { writeOnnxFile } from '../../host/onnx-file';
import { failLine, parseCommandArgs } from '../args';
import { loadModel } from '../load-model';

const USAGE = `usage: stride export <model> --format ts|tfjs|keras-json|pytorch|onnx [-o FILE]
  ts          one TypeScript module (tfjs layers API): buildModel() and train()
  pytorch     one Python file: class Model(nn.Module) and a training script (torchrun-ready)
  keras-json  the Keras model config (model_from_json), with the Stride graph kept beside it
  tfjs        -o DIR: model.json + ${WEIGHTS_FILE} (topology and seeded initial weights) for tf.loadLayersModel
  onnx        -o FILE.onnx: ONNX (opset 13, NCHW input, batch size free) with weights: those of --weights, or
              the seeded initial weights
options: --no-train (ts, pytorch: no training section)  --optimizer NAME  --lr X  --epochs N  --batch-size N
         --no-graph (keras-json, tfjs: topology only)    --seed N (tfjs, onnx initial weights, default 1)
         --weights DIR|model.json (onnx: a tfjs model's weights by layer name: a run's model/ folder, the
           --weights-out folder of stride import; each must fit the graph, and the graph take all of them)
Without -o the text formats print to stdout.`;

const FLAGS = {
  format: { type: 'string' },
  o: { type: 'string', short: 'o' },
  output: { type: 'string' },
  'no-train': { type: 'boolean' },
  'no-graph': { type: 'boolean' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  weights: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = Readonly<Record<string, string | boolean | undefined>>;

function number(flags: Flags, key: string, integer: boolean): number | undefined | Error {
  const raw = flags[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const okay = Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n));
  return okay
    ? n
    : new Error(`--${key} must be a positive ${integer ? 'whole ' : ''}number, not '${String(raw)}'`);
}

function trainingFlags(flags: Flags): TrainingChoiceInput | false | Error {
  if (flags['no-train'] === true) return false;
  const optimizer = flags.optimizer === undefined ? undefined : OptimizerSchema.safeParse(flags.optimizer);
  if (optimizer !== undefined && !optimizer.success) {
    return new Error(`--optimizer must be one of ${OptimizerSchema.options.join(', ')}`);
  }
  const learningRate = number(flags, 'lr', false);
  const epochs = number(flags, 'epochs', true);
  const batchSize = number(flags, 'batch-size', true);
  for (const v of [learningRate, epochs, batchSize]) if (v instanceof Error) return v;
  return {
    optimizer: optimizer?.data,
    learningRate: learningRate as number | undefined,
    epochs: epochs as number | undefined,
    batchSize: batchSize as number | undefined,
  };
}

/** model.json last, so a folder never holds a model.json whose weights are missing or partial. */
async function writeTfjs(
  dir: string,
  doc: Parameters<typeof tfjsArtifacts>[0],
  seed: number,
  graph: boolean,
) {
  const artifacts = tfjsArtifacts(doc, { generatedBy: `Stride ${__STRIDE_VERSION__}` });
  if (!artifacts.ok) return artifacts;
  mkdirSync(dir, { recursive: true });
  const target = join(dir, WEIGHTS_FILE);
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'w');
  try {
    const chunk = new Float32Array(1 << 20);
    for (const spec of artifacts.value.weights) {
      const values = weightValues(spec, seed);
      for (let n = values.next(chunk); n > 0; n = values.next(chunk)) {
        writeSync(fd, new Uint8Array(chunk.buffer, 0, n * 4));
      }
    }
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, target);
  const json = { ...artifacts.value.modelJson };
  if (!graph) delete json.userDefinedMetadata;
  await writeFileAtomic(join(dir, 'model.json'), `${jsonText(json, 1)}\n`);
  return { ok: true as const, value: artifacts.value.totalBytes };
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export a model as TypeScript (tfjs), tfjs model.json + weights, Keras JSON, PyTorch or ONNX',
  async run(args) {
    const parsed = parseCommandArgs(args, FLAGS);
    if (!parsed.ok) return failLine('export', `${parsed.message} (see stride export --help)`);
    const { flags, positionals } = parsed.value;
    if (flags.help === true) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [spec, extra] = positionals;
    const format = flags.format as ExportFormat | undefined;
    if (spec === undefined || extra !== undefined || format === undefined) return failLine('export', USAGE);
    if (!EXPORT_FORMATS.includes(format)) {
      return failLine('export', `unknown format '${format}' (${EXPORT_FORMATS.join(', ')})`);
    }
    const training = trainingFlags(flags);
    if (training instanceof Error) return failLine('export', training.message);
    const seed = number(flags, 'seed', true);
    if (seed instanceof Error) return failLine('export', seed.message);
    const out = (flags.o ?? flags.output) as string | undefined;
    const loaded = await loadModel(spec);
    if (!loaded.ok) return failLine('export', `${loaded.error.message} [${loaded.error.code}]`);
    const doc = loaded.value.graph;
    const analysis = analyzeGraph(doc);
    if (format === 'tfjs') {
      if (out === undefined)
        return failLine('export', 'the tfjs format writes two files: give a folder with -o DIR');
      const written = await writeTfjs(resolve(out), doc, seed ?? 1, flags['no-graph'] !== true);
      if (!written.ok) return failLine('export', `${written.error.message} [${written.error.code}]`);
      process.stderr.write(
        `wrote ${join(out, 'model.json')} and ${join(out, WEIGHTS_FILE)} (${written.value} bytes)\n`,
      );
      return 0;
    }
    if (flags.weights !== undefined && format !== 'onnx')
      return failLine('export', '--weights goes with --format onnx');
    if (format === 'onnx') {
      if (out === undefined)
        return failLine('export', 'the onnx format is binary: give a file with -o FILE.onnx');
      const written = await writeOnnxFile(resolve(out), doc, {
        weights: flags.weights as string | undefined,
        seed,
        producerVersion: __STRIDE_VERSION__,
      });
      if (!written.ok) {
        const where = written.error.nodeId === null ? '' : ` (node ${written.error.nodeId})`;
        return failLine('export', `${written.error.message}${where} [${written.error.code}]`);
      }
      const from =
        written.value.weights === 'given'
          ? `weights of ${String(flags.weights)}`
          : `initial weights, seed ${seed ?? 1}`;
      process.stderr.write(`wrote ${out} (${written.value.bytes} bytes, ${from})\n`);
      return 0;
    }
    const text = exportText(
      doc,
      format,
      {
        training,
        includeGraph: flags['no-graph'] !== true,
        fileName: out === undefined ? undefined : basename(out),
      },
      analysis,
    );
    if (!text.ok) {
      const where = text.error.nodeId === null ? '' : ` (node ${text.error.nodeId})`;
      return failLine('export', `${text.error.message}${where} [${text.error.code}]`);
    }
    if (out === undefined) process.stdout.write(text.value);
    else {
      await writeFileAtomic(resolve(out), text.value);
      process.stderr.write(`wrote ${out}\n`);
    }
    return 0;
  },
};
