import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunRecordSchema } from '../../../shared/api/runs';
import { TrainingEventSchema, type TrainingEvent } from '../../../shared/api/training';
import { tinyNet } from '../training/train/graphs';
import { runCli } from './run-cli';

const root = join(__dirname, '..', '..', '..');
const bundle = join(root, 'app', 'dist', 'cli', 'index.cjs');
const out = mkdtempSync(join(tmpdir(), 'stride-cli-train-'));
const model = join(out, 'tiny.json');
writeFileSync(model, JSON.stringify(tinyNet()));
const projectFile = join(out, 'tiny.stride.json');
writeFileSync(
  projectFile,
  JSON.stringify({ format: 'stride-project', version: 1, graph: tinyNet(), ui: {} }),
);
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `stride train …` as a user runs it, in its own process group (as a terminal's foreground job), so Ctrl+C
 * can be delivered the way a terminal does: to the CLI and its worker at once. `onLine` sees stdout lines.
 */
function train(args: string[], onLine?: (line: string, pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, 'train', ...args], { cwd: root, detached: true });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL');
      reject(new Error(`stride train timed out: ${stderr}`));
    }, 90_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine?.(line, child.pid as number);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const events = (stdout: string): TrainingEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => TrainingEventSchema.parse(JSON.parse(line)));

describe('stride train', () => {
  it('--json: one event per line, each valid by the shared schemas, ending in `end`; the run folder is complete', async () => {
    const run = await train([
      model,
      '--dataset',
      'mnist-10k',
      '--epochs',
      '2',
      '--limit',
      '200',
      '--batch-size',
      '50',
      '--seed',
      '4',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--backend',
      'wasm',
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const list = events(run.stdout);
    expect(list.map((e) => e.type)).toEqual([
      'start',
      'batch',
      'batch',
      'batch',
      'batch',
      'epoch',
      'batch',
      'batch',
      'batch',
      'batch',
      'epoch',
      'end',
    ]);
    const start = list[0] as Extract<TrainingEvent, { type: 'start' }>;
    expect(start).toMatchObject({
      backend: 'wasm',
      trainSize: 180,
      validationSize: 20,
      testSize: 2000,
      optimizer: 'sgd',
      learningRate: 0.05,
    });
    expect(start.skipped).toEqual([]);
    const end = list.at(-1) as Extract<TrainingEvent, { type: 'end' }>;
    const runDir = join(out, start.runId);
    expect(end.modelDir).toBe(join(runDir, 'model'));
    expect(readdirSync(runDir).sort()).toEqual([
      'evaluation.json',
      'filters-initial.json',
      'filters.json',
      'metrics.jsonl',
      'model',
      'run.json',
    ]);
    expect(readdirSync(join(runDir, 'model')).sort()).toEqual(['model.json', 'weights.bin']);
    const record = RunRecordSchema.parse(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')));
    expect(record).toMatchObject({
      status: 'completed',
      backend: 'wasm',
      config: { seed: 4, batchSize: 50 },
      graph: { name: 'Tiny net' },
      project: null,
    });
    expect(record.graphHash).toMatch(/^[0-9a-f]{64}$/);
    // metrics.jsonl holds exactly what was printed.
    expect(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')).toBe(run.stdout);
    // The saved model carries the graph that trained: `stride import` gives it back as it was.
    const imported = runCli('import', join(runDir, 'model', 'model.json'));
    expect(imported.code).toBe(0);
    // The run's manifest is checked against the kept graph, layer by layer: equal counts.
    expect(imported.stderr).toMatch(
      /\(stride-graph\); (\d+) parameters, equal to the file's \1; 0 issue\(s\), 0 error\(s\)/,
    );
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'stride-project', graph: record.graph });
    expect((JSON.parse(imported.stdout) as { graph: unknown }).graph).toEqual(record.graph);
  });

  it('auto: the start event names why each better rung was skipped', async () => {
    const run = await train([model, '--dataset', 'mnist-10k', '--limit', '64', '--out', out, '--json']);
    expect(run.code).toBe(0);
    const start = events(run.stdout)[0] as Extract<TrainingEvent, { type: 'start' }>;
    expect(start.skipped.map((s) => s.backend)).toEqual(
      ['torch-gpu', 'tensorflow-gpu', 'webgpu', 'torch-cpu', 'tensorflow-cpu', 'wasm'].slice(
        0,
        start.skipped.length,
      ),
    );
    for (const s of start.skipped) expect(s.reason.length).toBeGreaterThan(10);
    // Why this rung, in words: auto's order (GPU first, then the fastest engine on the same device).
    expect(start.selectedBecause).toMatch(
      new RegExp(`^auto chose ${start.rung ?? '?'}: .*; skipped torch-gpu \\(`),
    );
  });

  // That a stop takes effect at the next batch boundary is proven in-process (run.test.ts, client.test.ts),
  // where the stop is applied at a known batch. Here the signal crosses a pipe, two processes and an IPC
  // channel while the worker keeps training (about 6 ms a batch on wasm), so how many batches pass on the
  // way depends on the machine's load: what this test holds the CLI to is a graceful stop inside the epoch.
  it('Ctrl+C stops the run inside the epoch, keeps it as stopped, and exits 130', async () => {
    let sent = false;
    const run = await train(
      [
        model,
        '--dataset',
        'mnist-10k',
        '--epochs',
        '5',
        '--limit',
        '10000',
        '--backend',
        'wasm',
        '--out',
        out,
        '--json',
      ],
      (line, pid) => {
        if (!sent && line.includes('"batch":2,')) {
          sent = true;
          process.kill(-pid, 'SIGINT');
        }
      },
    );
    expect(run.code).toBe(130);
    const list = events(run.stdout);
    const start = list[0] as Extract<TrainingEvent, { type: 'start' }>;
    const batches = list.filter((e) => e.type === 'batch');
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(start.batchesPerEpoch).toBeGreaterThan(200);
    expect(batches.length).toBeLessThan(start.batchesPerEpoch);
    expect(list.filter((e) => e.type === 'epoch')).toEqual([]);
    console.log(
      `Ctrl+C after batch 2 of ${start.batchesPerEpoch}: the run stopped after batch ${batches.length}`,
    );
    expect(list.at(-1)).toMatchObject({ type: 'end', stopped: true, epochs: 0 });
    expect(
      RunRecordSchema.parse(JSON.parse(readFileSync(join(out, start.runId, 'run.json'), 'utf8'))).status,
    ).toBe('stopped');
  });

  it('a refusal is one line on stderr (and an error event with --json), exit 1, and leaves no run folder', async () => {
    const before = readdirSync(out).length;
    const run = await train([model, '--dataset', 'shapes', '--limit', '64', '--out', out, '--json']);
    expect(run.code).toBe(1);
    expect(events(run.stdout)).toEqual([
      expect.objectContaining({ type: 'error', code: 'TRAINING_OUTPUT_MISMATCH', nodeId: 'out' }),
    ]);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^stride train: The dataset has 4 classes but the graph ends in 10 outputs\..*\[TRAINING_OUTPUT_MISMATCH\]\n$/,
    );
    expect(readdirSync(out)).toHaveLength(before);
  });

  it('LeNet-5 on MNIST: refused with the fix (pad 2), trains with --pad 2 and the dataset normalisation', async () => {
    const refused = await train(['preset:lenet5', '--dataset', 'mnist-10k', '--limit', '64', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /pad 2 pixels with zeros \(28×28×1 → 32×32×1\).*\[DATASET_SHAPE_MISMATCH\]\n$/,
    );
    const args = ['--dataset', 'mnist-10k', '--limit', '64', '--epochs', '1', '--backend', 'wasm', '--json'];
    const run = await train(['preset:lenet5', ...args, '--pad', '2', '--normalize', 'dataset', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const all = events(run.stdout);
    const start = all.find((e) => e.type === 'start');
    expect(start).toMatchObject({
      inputShape: [32, 32, 1],
      normalization: { mean: [0.1307], std: [0.3081] },
    });
    expect(all.at(-1)?.type).toBe('end');
    const record = RunRecordSchema.parse(
      JSON.parse(readFileSync(join(out, start?.type === 'start' ? start.runId : '', 'run.json'), 'utf8')),
    );
    expect(record.config.transform).toEqual({ pad: [2, 2, 2, 2] });
    // Per side, a resize and channels; a malformed transform is one line naming its flag.
    const sides = await train([
      model,
      ...args,
      '--pad',
      '0,0,0,0',
      '--resize',
      '28x28',
      '--channels',
      '1',
      '--out',
      out,
    ]);
    expect(sides.code, sides.stderr).toBe(0);
    const bad = await train([model, '--dataset', 'mnist-10k', '--pad', '2,2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^stride train: --pad: /);
  });

  it('bad options: one line, exit 1', async () => {
    for (const args of [
      [model, '--dataset', 'mnist-10k', '--optimizer', 'lbfgs'],
      [model, '--dataset', 'mnist-10k', '--batch-size', '0'],
      [model, '--dataset', 'mnist-10k', '--backend', 'gpu'],
      [model, '--epochs', '1'],
      [model, '--dataset', 'mnist-10k', '--frobnicate'],
      ['preset:nope', '--dataset', 'mnist-10k'],
    ]) {
      const run = await train(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^stride train: /);
    }
    expect(existsSync(join(out, 'run.json'))).toBe(false);
  });

  it("without --json, a line per epoch and a summary (no control characters when not on a terminal); a project file is recorded as the run's project", async () => {
    const run = await train([
      projectFile,
      '--dataset',
      'mnist-10k',
      '--epochs',
      '2',
      '--limit',
      '128',
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.includes('\r') || run.stdout.includes(String.fromCharCode(27))).toBe(false);
    expect(run.stdout).toMatch(
      /^Training on wasm \(.+\), [\d,]+ parameters, 115 train \/ 13 validation \/ 2000 test images, 2 epochs of \d batches\n/,
    );
    expect(run.stdout).toMatch(
      /\nepoch 1\/2: loss \d\.\d{4} acc +\d+\.\d\d% val_loss \d\.\d{4} val_acc +\d+\.\d\d% [\d.]+ s \d+ img\/s\n/,
    );
    expect(run.stdout).toMatch(/\nepoch 2\/2: /);
    expect(run.stdout).toMatch(
      /\nDone: test accuracy \d+\.\d\d%, test loss \d\.\d{4}, [\d.]+ s, \d+ img\/s\nModel saved in .+model\n$/,
    );
    const runDir = /\nModel saved in (.+)[\\/]model\n$/.exec(run.stdout)?.[1] ?? '';
    const record = RunRecordSchema.parse(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')));
    expect(record.project).toEqual({ path: projectFile, name: 'Tiny net' });
  });
});
