import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSeededModel, checkGraph, checkOutput, convLayers } from '../../../main/training/train/compile';
import { checkMemory, memoryBudget } from '../../../main/training/train/memory-budget';
import { estimateTrainingMemory } from '../../../shared/analysis/memory';
import { ChainBuilder, conv, fc } from '../../../shared/presets/builder';
import { tinyNet } from './graphs';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('compiling a graph for training', () => {
  it('the same seed builds the same initial weights; another seed other weights', () => {
    const compiled = checkGraph(tinyNet());
    const [a, b, c] = [7, 7, 8].map((seed) => buildSeededModel(compiled, seed));
    expect(weightsOf(a as tf.LayersModel)).toEqual(weightsOf(b as tf.LayersModel));
    expect(weightsOf(a as tf.LayersModel)[0]).not.toEqual(weightsOf(c as tf.LayersModel)[0]);
    for (const m of [a, b, c]) m?.dispose();
  });

  it('knows whether the graph ends in a softmax, and the output size', () => {
    expect(checkGraph(tinyNet())).toMatchObject({
      outputActivation: 'softmax',
      outputUnits: 10,
      inputShape: [28, 28, 1],
    });
    expect(checkGraph(tinyNet({ softmax: false }))).toMatchObject({
      outputActivation: 'logits',
      outputUnits: 10,
    });
    const withLayer = new ChainBuilder()
      .add('input', 'input', { shape: [8, 8, 1] })
      .add('flatten', 'flatten')
      .add('fc', 'dense', fc(3, 'linear'))
      .add('sm', 'softmax')
      .build('x', '', {});
    expect(checkGraph(withLayer).outputActivation).toBe('softmax');
  });

  it('refuses an output that is not one score per class, naming the output node and the fix', () => {
    expect(() => checkOutput(checkGraph(tinyNet({ classes: 10 })), 4)).toThrow(
      /4 classes but the graph ends in 10 outputs\. Fix: .*Dense layer of 4 units/,
    );
    const image = new ChainBuilder()
      .add('input', 'input', { shape: [8, 8, 1] })
      .add('c', 'conv2d', conv(4, 3))
      .build('x', '', {});
    expect(() => checkOutput(checkGraph(image), 10)).toThrow(/output of shape 6×6×4 \(not a vector\)/);
  });

  it('maps conv layers to graph nodes, block parts by their part id', () => {
    const graph = new ChainBuilder()
      .add('input', 'input', { shape: [16, 16, 3] })
      .add('stem', 'conv2d', conv(8, 3, { padding: 1 }))
      .add('res', 'residual', { variant: 'basic', width: 16, stride: 2 })
      .add('gap', 'globalavgpool')
      .add('out', 'dense', fc(10, 'softmax'))
      .build('x', '', {});
    const convs = convLayers(checkGraph(graph).topology);
    expect(convs[0]).toEqual({ layer: 'stem', nodeId: 'stem' });
    expect(convs.slice(1).every((c) => c.nodeId.startsWith('res/'))).toBe(true);
    expect(convs).toHaveLength(4);
  });
});

describe('the memory check', () => {
  const GiB = 1024 ** 3;
  const device = (totalBytes: number | null, maxTensorBytes: number | null = null) => ({
    totalBytes,
    maxTensorBytes,
    source: 'test device',
  });

  it('budgets a share of what the rung reported', () => {
    expect(memoryBudget('cpu', device(16 * GiB)).budgetBytes).toBe(8 * GiB);
    expect(memoryBudget('wasm', device(4 * GiB)).budgetBytes).toBe(Math.floor(4 * GiB * 0.8));
    expect(memoryBudget('tensorflow-gpu', device(80 * GiB))).toMatchObject({
      budgetBytes: Math.floor(80 * GiB * 0.8),
      source: '80 % of 80.0 GiB: test device',
    });
    // WebGPU does not say how much it has: half the system memory, and one buffer's limit.
    expect(memoryBudget('webgpu', device(null, 256 * 1024 ** 2), 64 * GiB)).toMatchObject({
      budgetBytes: 32 * GiB,
      maxTensorBytes: 256 * 1024 ** 2,
    });
  });

  it('refuses what does not fit with TRAINING_OUT_OF_MEMORY_ESTIMATE and the batch size that would', () => {
    const analysis = checkGraph(tinyNet()).analysis;
    const estimate = estimateTrainingMemory(analysis, { batchSize: 1000, optimizer: 'adam', classes: 10 });
    const budget = { budgetBytes: estimate.totalBytes - 1, maxTensorBytes: null, source: 'test' };
    expect(() => checkMemory(estimate, budget, 1000)).toThrow(/a batch size of 999 or less would fit/);
    expect(() => checkMemory(estimate, { ...budget, budgetBytes: estimate.totalBytes }, 1000)).not.toThrow();
    const oneBuffer = estimate.largestTensorBytes / 2;
    expect(() =>
      checkMemory(
        estimate,
        { budgetBytes: estimate.totalBytes, maxTensorBytes: oneBuffer, source: 'test' },
        1000,
      ),
    ).toThrow(/the device accepts in one buffer: a batch size of 500 or less would fit/);
  });
});
