// The acceptance run of the training engine, timed as a user sees it: `stride train preset:mnist-keras
// --dataset mnist --epochs 3 --json` (default hyper-parameters, best backend of this machine), in a fresh
// process. Measures the time from launching the command to its first batch event, to the end, the training
// speed (img/s, pauses and evaluation excluded) and the test accuracy; target: accuracy ≥ 0.97.
// STRIDE_BENCH_QUICK=1 trains one epoch on 1,000 images instead (a smoke run; no accuracy target).
// Writes bench-results/training.json.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'app', 'dist', 'cli', 'index.cjs');
const quick = process.env.STRIDE_BENCH_QUICK === '1';

if (!existsSync(cli) || process.env.STRIDE_SKIP_BUILD !== '1') {
  const built = spawnSync(process.execPath, [join(root, 'build.config.mjs'), 'node'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'stride-bench-train-'));
const args = [
  'train',
  'preset:mnist-keras',
  '--dataset',
  'mnist',
  '--epochs',
  quick ? '1' : '3',
  '--json',
  '--out',
  out,
];
if (quick) args.push('--limit', '1000');
if (process.env.STRIDE_BENCH_BACKEND) args.push('--backend', process.env.STRIDE_BENCH_BACKEND);

const load = loadavg()[0];
const launched = performance.now();
const events = [];
let firstBatchMs = null;
let startMs = null;
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line);
      const at = performance.now() - launched;
      if (event.type === 'start') {
        startMs = at;
        console.log(`start after ${(at / 1000).toFixed(2)} s: ${event.backend} on ${event.device}`);
      }
      if (event.type === 'batch' && firstBatchMs === null) {
        firstBatchMs = at;
        console.log(`first batch event after ${(at / 1000).toFixed(2)} s`);
      }
      if (event.type === 'epoch')
        console.log(
          `epoch ${event.epoch}: loss ${event.loss.toFixed(4)} val_acc ${event.valAccuracy} ${Math.round(event.imagesPerSecond)} img/s`,
        );
      if (event.type !== 'batch') events.push(event);
    }
  });
  child.on('exit', (c) => resolve(c));
});
const wallSeconds = (performance.now() - launched) / 1000;
rmSync(out, { recursive: true, force: true });

const start = events.find((e) => e.type === 'start');
const end = events.find((e) => e.type === 'end');
const error = events.find((e) => e.type === 'error');
const targetAccuracy = quick ? null : 0.97;
const result = {
  benchmark: 'stride train preset:mnist-keras --dataset mnist --epochs 3 --json',
  quick,
  machine: {
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    load1: load,
  },
  command: `stride ${args.filter((a, i) => a !== '--out' && args[i - 1] !== '--out').join(' ')}`,
  exitCode: code,
  backend: start?.backend ?? null,
  device: start?.device ?? null,
  skipped: start?.skipped ?? [],
  config: start
    ? {
        batchSize: start.batchSize,
        optimizer: start.optimizer,
        learningRate: start.learningRate,
        trainSize: start.trainSize,
        validationSize: start.validationSize,
        testSize: start.testSize,
      }
    : null,
  secondsToStartEvent: startMs === null ? null : startMs / 1000,
  secondsToFirstBatchEvent: firstBatchMs === null ? null : firstBatchMs / 1000,
  wallSeconds,
  runSeconds: end?.seconds ?? null,
  trainSeconds: end?.trainSeconds ?? null,
  imagesPerSecond: end?.imagesPerSecond ?? null,
  epochs: events.filter((e) => e.type === 'epoch'),
  testAccuracy: end?.testAccuracy ?? null,
  testLoss: end?.testLoss ?? null,
  error: error ?? null,
  targetAccuracy,
  pass:
    code === 0 && end !== undefined && (targetAccuracy === null || (end.testAccuracy ?? 0) >= targetAccuracy),
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'training.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `test accuracy ${result.testAccuracy}, ${wallSeconds.toFixed(1)} s wall, ${Math.round(result.imagesPerSecond ?? 0)} img/s, first batch after ${result.secondsToFirstBatchEvent?.toFixed(2)} s (${result.pass ? 'pass' : 'MISSED'})`,
);
console.log('wrote bench-results/training.json');
process.exit(result.pass ? 0 : 1);
