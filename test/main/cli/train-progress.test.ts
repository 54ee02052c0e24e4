import { describe, expect, it } from 'vitest';
import { formatDuration, render, type ProgressState } from '../../../main/cli/train-progress';
import type { TrainingEvent } from '../../../shared/api/training';

const start: TrainingEvent = {
  type: 'start',
  runId: 'r',
  backend: 'wasm',
  device: 'AMD EPYC (2 cores)',
  skipped: [{ backend: 'webgpu', reason: 'no WebGPU adapter' }],
  epochs: 2,
  batchesPerEpoch: 10,
  trainSize: 300,
  validationSize: 30,
  testSize: 100,
  params: 93322,
};

describe('the human progress of stride train', () => {
  it('formats durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
  });

  it('a start line naming the backend and the skipped rungs; batch status with bar, ETA, loss and img/s', () => {
    const state: ProgressState = { start: null, batchesDone: 0, firstBatchTime: null, lastBatchTime: null };
    expect(render(start, state).line).toBe(
      'Training on wasm (AMD EPYC (2 cores)), 93,322 parameters, 300 train / 30 validation / 100 test images, 2 epochs of 10 batches\n  skipped webgpu: no WebGPU adapter',
    );
    const batch = (b: number, time: number): TrainingEvent => ({
      type: 'batch',
      epoch: 1,
      batch: b,
      loss: 0.5,
      accuracy: 0.875,
      time,
      imagesPerSecond: 321.4,
    });
    expect(render(batch(1, 10_000), state).status).toMatch(/ETA --:--/);
    // 1 s per batch after the first; 20 batches in all, 2 done: 18 s left.
    expect(render(batch(2, 11_000), state).status).toBe(
      'epoch 1/2 [====>                   ] 2/10 ETA 0:18 loss 0.5000 acc 87.50% 321 img/s',
    );
  });

  it('a line per epoch and a summary at the end', () => {
    const state: ProgressState = { start, batchesDone: 0, firstBatchTime: null, lastBatchTime: null };
    const epoch: TrainingEvent = {
      type: 'epoch',
      epoch: 1,
      loss: 0.25,
      accuracy: 0.9,
      valLoss: null,
      valAccuracy: null,
      seconds: 12.34,
      imagesPerSecond: 400.4,
    };
    expect(render(epoch, state).line).toBe(
      'epoch 1/2: loss 0.2500 acc 90.00% val_loss - val_acc    -   12.3 s 400 img/s',
    );
    const end: TrainingEvent = {
      type: 'end',
      testAccuracy: 0.9735,
      testLoss: 0.0889,
      seconds: 58.8,
      imagesPerSecond: 387.7,
      modelDir: '/runs/r/model',
      stopped: false,
    };
    expect(render(end, state).line).toBe(
      'Done: test accuracy 97.35%, test loss 0.0889, 58.8 s, 388 img/s\nModel saved in /runs/r/model',
    );
    expect(render({ ...end, stopped: true, modelDir: null }, state).line).toMatch(/^Stopped: /);
  });
});
