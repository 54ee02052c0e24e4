import * as tf from '@tensorflow/tfjs';
import type { BenchmarkResult, WorkerCommand } from '../../../shared/api/worker';
import { selectBackend } from '../backends/ladder';
import { createRng } from '../datasets/random';
import { installKernels, uninstallKernels } from '../kernels/register';
import type { JobContext } from '../worker/job';
import { BENCH_MODELS } from './models';
import { getPreset } from '../../../shared/presets';
import type { GraphDoc } from '../../../shared/graph/schema';
import { buildSeededModel, checkGraph } from '../train/compile';

type BenchmarkCommand = Extract<WorkerCommand, { kind: 'benchmark' }>;

/**
 * Training speed of a reference network on the selected backend: `warmupBatches` untimed batches (kernel
 * setup, JIT), then `batches` timed `trainOnBatch` calls on fixed random images (the arithmetic does not depend
 * on the pixel values). Emits a `batch` event per timed batch and honours stop/pause between batches.
 */
export async function runBenchmark(command: BenchmarkCommand, ctx: JobContext): Promise<BenchmarkResult> {
  // The tfjs rungs' kernels (the torch rung is measured end to end: test/bench/torch.bench.mjs).
  const selection = await selectBackend(command.backend, undefined, { tfjsOnly: true });
  const ours = selection.backend === 'cpu' || selection.backend === 'wasm' ? selection.backend : null;
  if (command.stockKernels && ours !== null) uninstallKernels(ours);
  try {
    const model =
      command.model === 'mnist-keras-graph'
        ? buildSeededModel(checkGraph(getPreset('mnist-keras')?.build() as GraphDoc), command.seed)
        : BENCH_MODELS[command.model]();
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const rng = createRng(command.seed);
    const n = command.batchSize;
    const pixels = Float32Array.from({ length: n * 28 * 28 }, () => rng.next());
    const labels = Int32Array.from({ length: n }, () => rng.int(10));
    const xs = tf.tensor4d(pixels, [n, 28, 28, 1]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
    const step = async (): Promise<[number, number]> => {
      const out = await model.trainOnBatch(xs, ys);
      const [loss = NaN, accuracy = NaN] = Array.isArray(out) ? out : [out];
      return [loss, accuracy];
    };
    try {
      for (let i = 0; i < command.warmupBatches; i++) await step();
      const times: number[] = [];
      let loss = NaN;
      let stopped = false;
      for (let i = 0; i < command.batches; i++) {
        const started = performance.now();
        const [l, accuracy] = await step();
        const ms = performance.now() - started;
        times.push(Math.round(ms * 100) / 100);
        loss = l;
        ctx.emit({
          type: 'batch',
          epoch: 0,
          batch: i,
          loss,
          accuracy,
          time: Date.now(),
          imagesPerSecond: (n * 1000) / ms,
        });
        if (!(await ctx.control.checkpoint())) {
          stopped = true;
          break;
        }
      }
      const seconds = times.reduce((a, b) => a + b, 0) / 1000;
      const profile = command.profile ? await profileStep(step) : undefined;
      return {
        model: command.model,
        params: model.countParams(),
        backend: {
          rung: selection.rung,
          backend: selection.backend,
          device: selection.device,
          kernels: command.stockKernels ? [] : [...selection.kernels],
          details: { ...selection.details },
          memory: selection.memory,
          skipped: [...selection.skipped],
        },
        stockKernels: command.stockKernels,
        batchSize: n,
        batches: times.length,
        seconds,
        imagesPerSecond: seconds > 0 ? (n * times.length) / seconds : 0,
        millisecondsPerBatch: times,
        finalLoss: loss,
        stopped,
        ...(profile === undefined ? {} : { profile }),
      };
    } finally {
      tf.dispose([xs, ys]);
      model.dispose();
    }
  } finally {
    if (command.stockKernels && ours !== null) installKernels(ours);
  }
}

/** Kernel times of one training step, summed per kernel and input shapes, largest first. */
async function profileStep(
  step: () => Promise<unknown>,
): Promise<{ kernel: string; inputShapes: string; milliseconds: number }[]> {
  const info = await tf.profile(async () => {
    await step();
  });
  const sums = new Map<string, number>();
  for (const k of info.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const ms = await k.kernelTimeMs;
    sums.set(key, (sums.get(key) ?? 0) + (typeof ms === 'number' ? ms : 0));
  }
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => {
      const at = key.indexOf(' ');
      return {
        kernel: key.slice(0, at),
        inputShapes: key.slice(at + 1),
        milliseconds: Math.round(ms * 100) / 100,
      };
    });
}
