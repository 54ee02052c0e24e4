// Training speed (images/s) of the seed Keras MNIST net (93,322 parameters) at batch 64 on every backend of
// the ladder this machine has: each measured in a fresh training worker (app/dist/worker/index.cjs) through
// its `benchmark` command, with our kernels and — on cpu, for a few batches — with the stock tfjs kernels.
// PyTorch on the same machine (Debian's /usr/bin/python3 with python3-torch) is the speed peer.
// Writes bench-results/backends.json.
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const worker = join(root, 'app', 'dist', 'worker', 'index.cjs');
const quick = process.env.STRIDE_BENCH_QUICK === '1';

if (!existsSync(worker) || process.env.STRIDE_SKIP_BUILD !== '1') {
  const built = spawnSync(process.execPath, [join(root, 'build.config.mjs'), 'node'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

/** One benchmark command in a fresh worker; resolves to {ok, value} or {ok: false, error}. */
function benchmark(command) {
  return new Promise((resolve) => {
    const child = fork(worker, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let answer = null;
    child.on('message', (m) => {
      if (m.type === 'ready')
        child.send({ type: 'request', id: 'bench', command: { kind: 'benchmark', ...command } });
      else if (m.type === 'result') {
        answer = { ok: true, value: m.value };
        child.send({ type: 'shutdown' });
      } else if (m.type === 'failure') {
        answer = { ok: false, error: m.error };
        child.send({ type: 'shutdown' });
      }
    });
    child.on('exit', (code, signal) =>
      resolve(
        answer ?? {
          ok: false,
          error: { code: 'WORKER_CRASHED', message: `exit ${code ?? signal}: ${stderr.slice(-400)}` },
        },
      ),
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor(s.length / 2)];
};

const runs = [
  { label: 'tensorflow (tfjs-node/-gpu)', command: { backend: 'tensorflow', batches: 30 } },
  { label: 'webgpu (Dawn)', command: { backend: 'webgpu', batches: 50 } },
  { label: 'wasm + Stride kernels', command: { backend: 'wasm', batches: quick ? 5 : 40, profile: true } },
  { label: 'cpu + Stride kernels', command: { backend: 'cpu', batches: quick ? 3 : 15, profile: true } },
  {
    label: 'cpu, stock tfjs kernels',
    command: { backend: 'cpu', batches: 1, warmupBatches: 0, stockKernels: true, profile: !quick },
    skipWhenQuick: true,
  },
  {
    label: 'wasm + Stride kernels, small LeNet',
    command: { backend: 'wasm', model: 'lenet-small', batches: quick ? 5 : 40 },
  },
];

const results = [];
const skipped = [];
for (const run of runs) {
  if (quick && run.skipWhenQuick) continue;
  process.stdout.write(`${run.label} … `);
  const answer = await benchmark({ batchSize: 64, ...run.command });
  if (!answer.ok) {
    console.log(`skipped: ${answer.error.message.split('. ')[0]}`);
    skipped.push({
      label: run.label,
      backend: run.command.backend,
      code: answer.error.code,
      reason: answer.error.message,
    });
    continue;
  }
  const v = answer.value;
  const row = {
    label: run.label,
    model: v.model,
    params: v.params,
    rung: v.backend.rung,
    backend: v.backend.backend,
    device: v.backend.device,
    kernels: v.stockKernels ? 'stock' : v.backend.kernels.length > 0 ? 'stride' : 'backend',
    batchSize: v.batchSize,
    batches: v.batches,
    imagesPerSecond: Math.round(v.imagesPerSecond * 10) / 10,
    medianMsPerBatch: median(v.millisecondsPerBatch),
    // From the median batch: what the backend does when the shared machine leaves it alone.
    imagesPerSecondAtMedian: Math.round((v.batchSize * 1000) / median(v.millisecondsPerBatch)),
    // Where one step's time goes (tf.profile), the 12 most expensive kernel calls.
    ...(v.profile ? { profile: v.profile.slice(0, 12) } : {}),
  };
  results.push(row);
  console.log(
    `${row.imagesPerSecond} img/s, ${row.imagesPerSecondAtMedian} at the median batch (${row.medianMsPerBatch} ms; ${row.device})`,
  );
}

const pytorch = [];
const python = '/usr/bin/python3';
for (const threads of [1, cpus().length]) {
  if (!existsSync(python)) {
    pytorch.push({ threads, skipped: `${python} not found` });
    break;
  }
  process.stdout.write(`PyTorch, ${threads} thread${threads === 1 ? '' : 's'} (same net, same machine) … `);
  const script = join(root, 'test', 'bench', 'pytorch_seed_net.py');
  const out = spawnSync(python, [script, '64', quick ? '5' : '40', String(threads)], { encoding: 'utf8' });
  if (out.status !== 0) {
    const reason = (out.stderr || 'python failed').trim().split('\n').pop();
    pytorch.push({ threads, skipped: reason });
    console.log(`skipped: ${reason}`);
    break;
  }
  const { millisecondsPerBatch, ...parsed } = JSON.parse(out.stdout.trim().split('\n').pop());
  const row = {
    ...parsed,
    imagesPerSecond: Math.round(parsed.imagesPerSecond),
    medianMsPerBatch: median(millisecondsPerBatch),
    imagesPerSecondAtMedian: Math.round((parsed.batchSize * 1000) / median(millisecondsPerBatch)),
  };
  pytorch.push(row);
  console.log(`${row.imagesPerSecond} img/s, ${row.imagesPerSecondAtMedian} at the median batch`);
}

// Targets (conservative: this machine's 2 cores are shared): our kernels must make wasm and cpu train the seed
// net at a usable speed and far faster than the stock cpu kernels.
const speed = (label) => results.find((r) => r.label === label)?.imagesPerSecond ?? 0;
const targets = { wasmImagesPerSecond: 200, cpuImagesPerSecond: 40, cpuSpeedupOverStock: 20 };
const stock = speed('cpu, stock tfjs kernels');
const pass = {
  wasm: speed('wasm + Stride kernels') >= targets.wasmImagesPerSecond,
  cpu: speed('cpu + Stride kernels') >= targets.cpuImagesPerSecond,
  // Not measured in quick runs (one stock batch takes ~50 s): null, not a failure.
  cpuSpeedupOverStock:
    stock > 0 ? speed('cpu + Stride kernels') / stock >= targets.cpuSpeedupOverStock : null,
};

const report = {
  benchmark:
    'training throughput, seed Keras MNIST CNN (93,322 params), batch 64, Adam, random 28x28x1 images',
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    node: process.versions.node,
    // Other work on the machine slows every row alike; keep the load next to the numbers.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  },
  quick,
  results,
  skipped,
  pytorch,
  targets,
  pass,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'backends.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`targets met: ${JSON.stringify(pass)}`);
console.log('wrote bench-results/backends.json');
if (Object.values(pass).some((v) => v === false)) process.exit(1);
