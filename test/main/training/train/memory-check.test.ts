import { describe, expect, it } from 'vitest';
import { memoryBudget } from '../../../../main/training/backends/memory';
import { checkGraph } from '../../../../main/training/train/compile';
import { checkMemory } from '../../../../main/training/train/memory-check';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { estimateTrainingMemory } from '../../../../shared/analysis/memory';
import { getPreset } from '../../../../shared/presets';
import { tinyNet } from './graphs';

const GiB = 1024 ** 3;
const wasmHeap = { totalBytes: 4 * GiB - 64 * 1024, maxTensorBytes: null, source: 'the 4 GiB heap' };

describe('the memory check before training', () => {
  it('refuses what does not fit with TRAINING_OUT_OF_MEMORY_ESTIMATE and the batch size that would', () => {
    const analysis = checkGraph(tinyNet()).analysis;
    const estimate = estimateTrainingMemory(analysis, { batchSize: 1000, optimizer: 'adam', classes: 10 });
    const budget = { budgetBytes: estimate.totalBytes - 1, maxTensorBytes: null, source: 'test' };
    expect(() => checkMemory(estimate, budget, 1000)).toThrow(
      expect.objectContaining({
        code: 'TRAINING_OUT_OF_MEMORY_ESTIMATE',
        message: expect.stringMatching(/a batch size of 999 or less would fit/),
      }),
    );
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

  it('lets the seed Keras net train on wasm, and refuses VGG-16 at batch 64 there with a batch that fits', () => {
    const budget = memoryBudget('wasm', wasmHeap);
    const keras = analyzeGraph(getPreset('mnist-keras')?.build() ?? ({} as never));
    const small = estimateTrainingMemory(keras, { batchSize: 64, optimizer: 'adam', classes: 10 });
    expect(() => checkMemory(small, budget, 64)).not.toThrow();

    const vgg = analyzeGraph(getPreset('vgg16')?.build() ?? ({} as never));
    const big = estimateTrainingMemory(vgg, { batchSize: 64, optimizer: 'adam', classes: 1000 });
    let message = '';
    try {
      checkMemory(big, budget, 64);
    } catch (error) {
      expect(error).toMatchObject({ code: 'TRAINING_OUT_OF_MEMORY_ESTIMATE' });
      message = (error as Error).message;
    }
    const fits = Number(/a batch size of (\d+) or less would fit/.exec(message)?.[1]);
    expect(fits).toBeGreaterThanOrEqual(1);
    expect(fits).toBeLessThan(64);
    // The advice is exact: that batch fits the budget and one more does not.
    const at = (batchSize: number) =>
      estimateTrainingMemory(vgg, { batchSize, optimizer: 'adam', classes: 1000 }).totalBytes;
    expect(at(fits)).toBeLessThanOrEqual(budget.budgetBytes);
    expect(at(fits + 1)).toBeGreaterThan(budget.budgetBytes);
  });

  it('says when the weights alone do not fit', () => {
    const vgg = analyzeGraph(getPreset('vgg16')?.build() ?? ({} as never));
    const estimate = estimateTrainingMemory(vgg, { batchSize: 1, optimizer: 'adam', classes: 1000 });
    const budget = { budgetBytes: estimate.weightBytes, maxTensorBytes: null, source: 'test' };
    expect(() => checkMemory(estimate, budget, 1)).toThrow(/the weights alone do not fit/);
  });
});
