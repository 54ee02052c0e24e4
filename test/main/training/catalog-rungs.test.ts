import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../main/training/backends/ladder';
import { runTraining, type TrainCommand } from '../../../main/training/train/run';
import type { GraphDoc } from '../../../shared/graph/schema';
import type { TrainingEvent } from '../../../shared/api/training';
import { skipWithReason } from '../../setup/skip';
import { chain } from '../../shared/analysis/helpers';
import { dag } from '../../shared/codegen/catalog-graphs';
import { ofType, testContext } from './train/context';
import { trainConfig } from './train/graphs';
import { torchPython } from './torch/torch-python';

/**
 * The modern catalog pieces (issue 13) train on every CPU rung: tfjs on the cpu backend (our kernels), tfjs on
 * wasm (our kernels; tfjs-wasm lacks some gradients) and PyTorch (the torch rung, through the PyTorch export).
 * Each run starts from the same seeded weights on the same batches, so the losses agree across the rungs batch
 * by batch; every loss is finite and the loss falls.
 */
const { python, missing } = torchPython();
const saved = { ...process.env };
beforeAll(() => {
  process.env.STRIDE_PYTHON = python;
});
afterAll(() => {
  process.env = saved;
});

/** Every new activation, folded into a conv/dense and as its own layer, on MNIST-sized input. */
export function modernNet(): GraphDoc {
  return chain(
    [
      ['input', 'input', { shape: [28, 28, 1] }],
      ['c1', 'conv2d', { filters: 6, kernel: 3, stride: 2, activation: 'selu' }],
      ['a1', 'activation', { activation: 'swish' }],
      ['c2', 'conv2d', { filters: 8, kernel: 3, stride: 2, activation: 'hard_swish' }],
      ['a2', 'activation', { activation: 'gelu' }],
      ['c3', 'conv2d', { filters: 8, kernel: 3, activation: 'elu' }],
      ['a3', 'activation', { activation: 'leaky_relu', alpha: 0.1 }],
      ['a4', 'activation', { activation: 'hard_swish' }],
      ['flatten', 'flatten'],
      ['fc', 'dense', { units: 32, activation: 'tanh' }],
      ['a5', 'activation', { activation: 'selu' }],
      ['fc2', 'dense', { units: 32, activation: 'sigmoid' }],
      ['out', 'dense', { units: 10, activation: 'softmax' }],
    ],
    'modern activations',
  );
}

/** Squeeze-and-excitation (Reshape to 1×1×C, Multiply) and image → image and image → vector Reshapes. */
export function reshapeNet(): GraphDoc {
  return dag('reshape and multiply', [
    ['input', 'input', { shape: [28, 28, 1] }, []],
    ['c1', 'conv2d', { filters: 8, kernel: 3, stride: 2, activation: 'relu' }, ['input']],
    ['squeeze', 'globalavgpool', {}, ['c1']],
    ['reduce', 'dense', { units: 4, activation: 'relu' }, ['squeeze']],
    ['gate', 'dense', { units: 8, activation: 'sigmoid' }, ['reduce']],
    ['scale', 'reshape', { shape: [1, 1, 8] }, ['gate']],
    ['excite', 'multiply', {}, ['scale', 'c1']],
    ['mix', 'reshape', { shape: [26, -1, 4] }, ['excite']],
    ['c2', 'conv2d', { filters: 8, kernel: 3, stride: 2, activation: 'relu' }, ['mix']],
    ['flat', 'reshape', { shape: [-1] }, ['c2']],
    ['out', 'dense', { units: 10, activation: 'softmax' }, ['flat']],
  ]);
}

/** PyTorch's pooling options: ceil mode with −∞ and with zero padding, +∞-padded min pooling. */
export function pytorchPoolNet(): GraphDoc {
  return chain(
    [
      ['input', 'input', { shape: [28, 28, 1] }],
      ['c1', 'conv2d', { filters: 8, kernel: 3, activation: 'linear' }],
      ['p1', 'maxpool2d', { size: 3, stride: 2, padding: 1, ceilMode: true, ignorePadding: true }],
      ['c2', 'conv2d', { filters: 8, kernel: 3, activation: 'relu' }],
      ['p2', 'maxpool2d', { size: 2, stride: 2, padding: 1, ceilMode: true }],
      ['p3', 'minpool2d', { size: 2, stride: 1, padding: [0, 1, 0, 1], ignorePadding: true }],
      ['flatten', 'flatten'],
      ['out', 'dense', { units: 10, activation: 'softmax' }],
    ],
    'pytorch pooling',
  );
}

const NETS = {
  activations: modernNet,
  'reshape-multiply': reshapeNet,
  'pytorch-pools': pytorchPoolNet,
} as const;

const command = (graph: GraphDoc, backend: 'cpu' | 'wasm' | 'torch'): TrainCommand => ({
  kind: 'train',
  runId: `catalog-${backend}`,
  graph,
  config: trainConfig({ backend, limit: 640, epochs: 1, seed: 5, batchSize: 32, learningRate: 0.01 }),
  outDir: null,
});

const losses = (events: readonly TrainingEvent[]) => ofType(events, 'batch').map((b) => b.loss);

async function train(graph: GraphDoc, backend: 'cpu' | 'wasm' | 'torch'): Promise<number[]> {
  if (backend !== 'torch') await selectBackend(backend);
  const ctx = testContext();
  await runTraining(command(graph, backend), ctx);
  const [start] = ofType(ctx.events, 'start');
  expect(start?.backend).toBe(backend);
  return losses(ctx.events);
}

for (const [name, build] of Object.entries(NETS)) {
  describe(`the modern catalog pieces train on every CPU rung: ${name}`, () => {
    const runs: Partial<Record<'cpu' | 'wasm' | 'torch', number[]>> = {};

    for (const backend of ['wasm', 'cpu', 'torch'] as const) {
      it(`${backend}: finite losses that fall`, async (ctx) => {
        if (backend === 'torch' && missing !== null) return skipWithReason(ctx, missing);
        const l = await train(build(), backend);
        runs[backend] = l;
        console.log(`${name} on ${backend}: ${l.map((v) => v.toFixed(3)).join(' ')}`);
        expect(l).toHaveLength(18);
        for (const v of l) expect(Number.isFinite(v)).toBe(true);
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(mean(l.slice(-4))).toBeLessThan(mean(l.slice(0, 4)));
      }, 300_000);
    }

    it('the same losses on every rung: the same weights and batches, and gradients that agree', (ctx) => {
      const trained = Object.entries(runs);
      if (trained.length < 2) return skipWithReason(ctx, 'fewer than two rungs trained');
      const [, ref] = trained[0] as [string, number[]];
      for (const [rung, l] of trained) {
        // The first batch differs only by float rounding; later ones also by every gradient step before them.
        expect({ rung, first: Math.abs((l[0] ?? NaN) - (ref[0] ?? NaN)) < 1e-3 }).toEqual({
          rung,
          first: true,
        });
        const worst = Math.max(...l.map((v, i) => Math.abs(v - (ref[i] ?? NaN))));
        expect({ rung, all: worst < 1e-2 }).toEqual({ rung, all: true });
      }
    });
  });
}
