import { describe, expect, it } from 'vitest';
import { CurveSeries } from '../../../renderer/src/training/series';

const batch = (epoch: number, b: number, loss: number, accuracy = 0.5, time?: number) => ({
  epoch,
  batch: b,
  loss,
  accuracy,
  ...(time === undefined ? {} : { time }),
});

describe('CurveSeries', () => {
  it('places batch points at their epoch position and epoch values on the epoch end', () => {
    const s = new CurveSeries(4, 0);
    for (let b = 1; b <= 4; b += 1) s.append(batch(1, b, 2 - b / 10));
    s.append(batch(2, 1, 1.5));
    s.markEpoch({ epoch: 1, loss: 1.75, accuracy: 0.6, valLoss: 1.8, valAccuracy: 0.55 });
    const [x, smooth, raw, trainEpoch, valEpoch] = s.lossData();
    expect([...x]).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
    expect([...raw]).toEqual([1.9, 1.8, 1.7, 1.6, 1.5]);
    // Smoothing 0 is the raw curve.
    expect([...smooth]).toEqual([...raw]);
    expect(trainEpoch).toEqual([null, null, null, 1.75, null]);
    expect(valEpoch).toEqual([null, null, null, 1.8, null]);
    expect(s.accuracyData()[4]).toEqual([null, null, null, 0.55, null]);
  });

  it('ignores a replayed point (an event already drawn from the metrics file)', () => {
    const s = new CurveSeries(10);
    expect(s.append(batch(1, 3, 1))).toBe(true);
    expect(s.append(batch(1, 3, 9))).toBe(false);
    expect(s.append(batch(1, 2, 9))).toBe(false);
    expect(s.length).toBe(1);
  });

  it('smooths with a debiased exponential moving average (the first point is not pulled to zero)', () => {
    const s = new CurveSeries(10, 0.9);
    s.append(batch(1, 1, 2));
    s.append(batch(1, 2, 1));
    const smooth = s.lossData()[1] as Float64Array;
    expect(smooth[0]).toBeCloseTo(2, 12);
    // (0.9·0.1·2 + 0.1·1) / (1 − 0.81)
    expect(smooth[1]).toBeCloseTo((0.9 * 0.1 * 2 + 0.1 * 1) / (1 - 0.81), 12);
    s.setSmoothing(0);
    expect([...(s.lossData()[1] as Float64Array)]).toEqual([2, 1]);
  });

  it('grows past its initial capacity and notifies listeners on every change', () => {
    const s = new CurveSeries(1000, 0.6, 50_000, 4);
    let calls = 0;
    const off = s.subscribe(() => (calls += 1));
    for (let b = 1; b <= 100; b += 1) s.append(batch(1, b, 1 / b));
    off();
    s.append(batch(1, 101, 0));
    expect(calls).toBe(100);
    expect(s.length).toBe(101);
    expect((s.lossData()[2] as Float64Array)[99]).toBeCloseTo(0.01, 12);
  });

  it('thins old points beyond its limit but keeps every epoch end and the newest point', () => {
    const s = new CurveSeries(10, 0, 20);
    for (let e = 1; e <= 3; e += 1) {
      for (let b = 1; b <= 10; b += 1) s.append(batch(e, b, e * 100 + b));
      s.markEpoch({ epoch: e, loss: e, accuracy: 0, valLoss: null, valAccuracy: null });
    }
    expect(s.length).toBeLessThanOrEqual(20);
    const [x, , raw, epochLoss] = s.lossData();
    expect([...x].filter((_, i) => epochLoss[i] !== null)).toEqual([1, 2, 3]);
    expect(raw[raw.length - 1]).toBe(310);
    expect([...x]).toEqual([...x].sort((a, b) => a - b));
  });

  it('adds an epoch-end point when the epoch has no batch point', () => {
    const s = new CurveSeries(5);
    s.markEpoch({ epoch: 1, loss: 0.9, accuracy: 0.7, valLoss: 1, valAccuracy: 0.6 });
    expect([...s.lossData()[0]]).toEqual([1]);
    expect(s.lossData()[3]).toEqual([0.9]);
  });

  it('keeps the worker time of the newest point for the latency probe', () => {
    const s = new CurveSeries(5);
    expect(Number.isNaN(s.lastTime())).toBe(true);
    s.append(batch(1, 1, 1, 0.5, 1234));
    expect(s.lastTime()).toBe(1234);
  });

  it('exports every point as CSV, epoch columns on the epoch end', () => {
    const s = new CurveSeries(2, 0);
    s.append(batch(1, 1, 0.5, 0.25));
    s.append(batch(1, 2, 0.25, 0.75));
    s.markEpoch({ epoch: 1, loss: 0.375, accuracy: 0.5, valLoss: null, valAccuracy: 0.4 });
    const lines = s.toCsv().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^epoch,batch,position,loss,/);
    expect(lines[1]).toBe('1,1,0.5,0.5,0.5,0.25,0.25,,,,');
    expect(lines[2]).toBe('1,2,1,0.25,0.25,0.75,0.75,0.375,,0.5,0.4');
  });
});
