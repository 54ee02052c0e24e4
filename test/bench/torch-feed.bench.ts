// The torch rung's data path alone: images per second delivered to the engine — gathered (or received),
// transformed and normalised as training reads them, nothing trained — both ways of main/training/torch/feed.ts:
//   file:   the split written once, memory-mapped by the engine; per batch the worker sends nothing (the epoch's
//           order went once), the engine gathers;
//   file-host: the file path's host side for an accelerator: gather plus the pinned staging copy (a plain copy
//           without CUDA), no conversion — on a GPU the bytes go up as bytes and the device converts them;
//   stream: the worker prepares each batch (makeBatch) and pipes it, a few ahead, as augmenting runs do.
// For MNIST (28×28×1, batch 256, all 60,000 training digits) and for 224×224×3 images (batch 64; random 8-bit
// pixels, which cost what decoded photos cost). Targets, on the path the rung uses by default (file): ≥ 50,000
// MNIST img/s, and ≥ 2,000 224×224×3 img/s handed to a GPU — the file path's host side (file-host), since on a
// GPU the device converts the bytes; `file` at 224×224×3 is reported too: there the CPU device converts and
// normalises as well, which is compute, not feed. Needs Debian's python3-torch (STRIDE_PYTHON). Writes
// bench-results/torch-feed.json.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { epochBatches } from '../../main/training/datasets/pipeline';
import { createRng } from '../../main/training/datasets/random';
import { imageTransform } from '../../main/training/datasets/transform';
import { loadMnistFull } from '../../main/training/datasets/mnist';
import type { Split } from '../../main/training/datasets/types';
import type { ImageShape } from '../../shared/datasets/fit';
import { buildSeededModel, checkGraph } from '../../main/training/train/compile';
import { TorchEngine } from '../../main/training/torch/engine';
import { streamFrame, writeSplit, writeWeights, type FeedMode } from '../../main/training/torch/feed';
import { locateEngine } from '../../main/training/torch/python';
import { toPyTorch } from '../../shared/codegen/pytorch';
import { ChainBuilder } from '../../shared/presets/builder';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const python = process.env.STRIDE_PYTHON ?? '/usr/bin/python3';
const quick = process.env.STRIDE_BENCH_QUICK === '1';
const script = locateEngine(process.env, []);
if (script === null) throw new Error('engine script not found');

interface Case {
  readonly name: string;
  readonly shape: ImageShape;
  readonly split: Split;
  readonly batchSize: number;
  readonly batches: number;
}

/** Random 8-bit pixels (k/255), as decoded photos are: they cost what photos cost. */
function randomSplit(count: number, shape: ImageShape): Split {
  const rng = createRng(7);
  const images = new Float32Array(count * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < images.length; i++) images[i] = rng.int(256) / 255;
  return { images, labels: Int32Array.from({ length: count }, (_, i) => i % 10), count };
}

/** `file-host`: the file path's host side for an accelerator (gather + the pinned-staging copy), no conversion. */
type BenchMode = FeedMode | 'file-host';

async function measure(c: Case, bench: BenchMode): Promise<Record<string, number | string>> {
  const mode: FeedMode = bench === 'file-host' ? 'file' : bench;
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'stride-feed-'));
  const { engine } = await TorchEngine.start({
    spec: { python, script: script as string },
    processes: 1,
    dataDir: dir,
  });
  try {
    // The smallest network of this input: only the data path is timed.
    const graph = new ChainBuilder()
      .add('input', 'input', { shape: [...c.shape] })
      .add('flatten', 'flatten')
      .add('out', 'dense', { units: 10, activation: 'softmax' })
      .build('feed', '', {});
    const compiled = checkGraph(graph);
    const model = buildSeededModel(compiled, 1);
    const manifest = writeWeights(dir, 'w.bin', model);
    model.dispose();
    const source = toPyTorch(graph, { training: false });
    if (!source.ok) throw new Error(source.error.message);
    const written = performance.now();
    const train =
      mode === 'file'
        ? writeSplit(dir, 'train.bin', c.split)
        : { path: 'train.bin', count: 0, dtype: 'float32' };
    const writeSeconds = (performance.now() - written) / 1000;
    const stats = { mean: Array(c.shape[2]).fill(0.5), std: Array(c.shape[2]).fill(0.25) };
    engine.send({
      op: 'init',
      dataDir: dir,
      model: source.value,
      device: 'cpu',
      threads: 0,
      seed: 1,
      optimizer: 'torch.optim.SGD(params, lr=lr)',
      learningRate: 0.01,
      classes: 10,
      sourceShape: [...c.shape],
      transform: null,
      normalization: stats,
      feed: mode,
      splits: { train },
      weights: { path: 'w.bin', manifest },
      residentBytes: 0,
      fault: null,
    });
    await engine.expect('ready');
    const order = new Int32Array(c.batches * c.batchSize);
    const epochs = epochBatches(c.split.count, c.batchSize, 1, 1);
    for (let i = 0; i < order.length; i++)
      order[i] = (epochs[Math.floor(i / c.batchSize) % epochs.length] as Int32Array)[i % c.batchSize] ?? 0;
    const header = {
      op: 'benchFeed',
      batches: c.batches,
      batchSize: c.batchSize,
      hostOnly: bench === 'file-host',
    };
    const started = performance.now();
    if (mode === 'file') engine.send(header, new Uint8Array(order.buffer));
    else {
      engine.send(header);
      const transform = imageTransform(c.shape, undefined);
      const rng = createRng(1);
      let sent = 0;
      const ahead = (acked: number) => {
        for (; sent < c.batches && sent < acked + 4; sent++) {
          const frame = streamFrame(
            c.split,
            order.subarray(sent * c.batchSize, (sent + 1) * c.batchSize),
            c.shape,
            {
              transform,
              stats,
              rng,
            },
          );
          engine.send(frame.header, frame.payload);
        }
      };
      ahead(0);
      for (;;) {
        const m = await engine.next();
        if (m.t === 'fed') ahead(m.batch);
        if (m.t === 'benchFed') {
          engine.send({ op: 'quit' });
          return result(
            m.images,
            (performance.now() - started) / 1000,
            m.seconds,
            m.cpuSeconds,
            writeSeconds,
          );
        }
      }
    }
    const done = await engine.expect('benchFed');
    return result(
      done.images,
      (performance.now() - started) / 1000,
      done.seconds,
      done.cpuSeconds,
      writeSeconds,
    );
  } finally {
    engine.kill();
    await engine.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function result(
  images: number,
  wall: number,
  engineSeconds: number,
  engineCpuSeconds: number,
  writeSeconds: number,
) {
  return {
    images,
    seconds: Math.round(wall * 1000) / 1000,
    imagesPerSecond: Math.round(images / wall),
    engineSeconds: Math.round(engineSeconds * 1000) / 1000,
    // What the engine's own work costs (stream: its reads and copies; the worker's batch making is extra).
    engineCpuSeconds: Math.round(engineCpuSeconds * 1000) / 1000,
    imagesPerEngineCpuSecond: Math.round(images / Math.max(engineCpuSeconds, 1e-6)),
    splitWriteSeconds: Math.round(writeSeconds * 1000) / 1000,
  };
}

async function main(): Promise<void> {
  const mnist = loadMnistFull();
  const cases: Case[] = [
    {
      name: 'MNIST 28×28×1, batch 256',
      shape: [28, 28, 1],
      split: mnist.train,
      batchSize: 256,
      batches: quick ? 60 : 235,
    },
    {
      name: '224×224×3, batch 64',
      shape: [224, 224, 3],
      split: randomSplit(quick ? 128 : 512, [224, 224, 3]),
      batchSize: 64,
      batches: quick ? 8 : 40,
    },
  ];
  const rows: Record<string, unknown>[] = [];
  for (const c of cases)
    for (const mode of ['file', 'file-host', 'stream'] as const) {
      const load = loadavg()[0] ?? 0;
      const r = await measure(c, mode);
      rows.push({ case: c.name, mode, ...r, loadAverage: Math.round(load * 100) / 100 });
      console.log(`${c.name}, ${mode}: ${r.imagesPerSecond} img/s (${r.images} images)`);
    }
  const speed = (name: string, mode: string) =>
    (rows.find((r) => r.case === name && r.mode === mode)?.imagesPerSecond as number | undefined) ?? 0;
  const cpuSpeed = (name: string, mode: string) =>
    (rows.find((r) => r.case === name && r.mode === mode)?.imagesPerEngineCpuSecond as number | undefined) ??
    0;
  const targets = { mnist: 50_000, large: 2_000 };
  const pass = {
    mnist: speed(cases[0]?.name ?? '', 'file') >= targets.mnist,
    // What a GPU run asks of the host (the device converts and normalises), wall clock and per CPU second.
    largeToAccelerator: speed(cases[1]?.name ?? '', 'file-host') >= targets.large,
    largeHostPerCpuSecond: cpuSpeed(cases[1]?.name ?? '', 'file-host') >= targets.large,
    // Informational: the CPU device also converts 9.6 M values per batch to float32 and normalises them.
    largeOnCpuDevice: speed(cases[1]?.name ?? '', 'file') >= targets.large,
  };
  const report = {
    benchmark: 'torch rung data path: images/s delivered to the engine (CPU device here), nothing trained',
    note: 'targets are judged on wall-clock img/s; on a shared machine imagesPerEngineCpuSecond says what one busy core of the engine delivers',
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      platform: `${platform()} ${arch()}`,
    },
    quick,
    rows,
    targets,
    pass,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'torch-feed.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`targets met: ${JSON.stringify(pass)}; wrote bench-results/torch-feed.json`);
  if (!pass.mnist || !pass.largeToAccelerator) process.exitCode = 1;
}

await main();
