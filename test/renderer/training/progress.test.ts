import { describe, expect, it } from 'vitest';
import {
  batchesDone,
  etaSeconds,
  formatDuration,
  formatPercent,
  fractionDone,
  RateMeter,
} from '../../../renderer/src/training/progress';

describe('training progress', () => {
  const at = { epoch: 2, batch: 5, epochs: 3, batchesPerEpoch: 10 };

  it('counts batches over epochs', () => {
    expect(batchesDone(at)).toBe(15);
    expect(fractionDone(at)).toBeCloseTo(0.5, 12);
    expect(fractionDone({ ...at, epoch: 3, batch: 10 })).toBe(1);
  });

  it('measures the rate over a sliding window and restarts after a pause', () => {
    const meter = new RateMeter(10_000);
    expect(meter.rate()).toBeNull();
    meter.add(0, 0);
    meter.add(1000, 4);
    meter.add(2000, 8);
    expect(meter.rate()).toBeCloseTo(4, 12);
    meter.add(20_000, 12);
    // Samples older than the window are dropped: (12 − 8) / 18 s.
    expect(meter.rate()).toBeCloseTo(4 / 18, 12);
    meter.reset();
    meter.add(30_000, 13);
    expect(meter.rate()).toBeNull();
  });

  it('estimates the time left from the rate', () => {
    expect(etaSeconds(at, 5)).toBe(3);
    expect(etaSeconds(at, null)).toBeNull();
    expect(etaSeconds(at, 0)).toBeNull();
  });

  it('formats durations and percentages', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
    expect(formatPercent(0.97134)).toBe('97.13%');
    expect(formatPercent(null)).toBe('—');
  });
});
