import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { estimateTrainingMemory, formatBytes } from '../../../shared/analysis/memory';
import { getPreset } from '../../../shared/presets';

describe('training memory estimate', () => {
  const analysis = analyzeGraph(getPreset('mnist-keras')?.build() ?? ({} as never));

  it('counts weights, gradients, optimizer slots, activations × batch and the input batch', () => {
    const sgd = estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'sgd', classes: 10 });
    const adam = estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'adam', classes: 10 });
    expect(sgd.weightBytes).toBe(93_322 * 4);
    expect(sgd.gradientBytes).toBe(93_322 * 4);
    expect(sgd.optimizerBytes).toBe(0);
    expect(adam.optimizerBytes).toBe(2 * 93_322 * 4);
    // tfjs's RMSProp keeps a mean square and a momentum per weight (momentum 0 included).
    expect(estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'rmsprop' }).optimizerBytes).toBe(
      2 * 93_322 * 4,
    );
    expect(estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'momentum' }).optimizerBytes).toBe(
      93_322 * 4,
    );
    // Per sample: 28·28·1 input + 28·28·32 + 14·14·32 + 14·14·64 + 7·7·64 + 7·7·64 + 3·3·64 + 576 + 64 + 10.
    const perSample = (784 + 25_088 + 6272 + 12_544 + 3136 + 3136 + 576 + 576 + 64 + 10) * 4;
    expect(sgd.activationBytes).toBe(2 * perSample * 32);
    expect(sgd.inputBytes).toBe((784 + 10) * 4 * 32);
    expect(adam.totalBytes).toBe(
      adam.weightBytes + adam.gradientBytes + adam.optimizerBytes + adam.activationBytes + adam.inputBytes,
    );
    expect(sgd.largestTensorBytes).toBe(25_088 * 4 * 32);
  });

  it('grows linearly with the batch', () => {
    const a = estimateTrainingMemory(analysis, { batchSize: 10, optimizer: 'adam' });
    const b = estimateTrainingMemory(analysis, { batchSize: 20, optimizer: 'adam' });
    expect(b.activationBytes).toBe(2 * a.activationBytes);
    expect(b.weightBytes).toBe(a.weightBytes);
  });

  it('formats sizes for messages', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(14_954_400)).toBe('14.3 MiB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4.00 GiB');
  });
});
