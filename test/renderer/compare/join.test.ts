import { describe, expect, it } from 'vitest';
import { joinCurves } from '../../../renderer/src/compare/join';
import { decadeLabel, decades } from '../../../renderer/src/compare/Scatter';

describe('overlaying curves and scatter axes', () => {
  it('puts curves with their own x values on one sorted x axis, null where a curve has no point', () => {
    const joined = joinCurves([
      { x: [0.5, 1], y: [2, 1] },
      { x: [1, 1.5, 2], y: [3, null, Number.NaN] },
    ]);
    expect(joined).toEqual([
      [0.5, 1, 1.5, 2],
      [2, 1, null, null],
      [null, 3, null, null],
    ]);
  });

  it('spans whole decades on log axes', () => {
    expect(decades([61_706, 93_322])).toEqual([4, 5]);
    expect(decades([100_000])).toEqual([4, 6]);
    expect(decades([60_000, 138_000_000])).toEqual([4, 9]);
    expect([3, 4, 5, 6, 7, 9].map(decadeLabel)).toEqual(['1k', '10k', '100k', '1M', '10M', '1G']);
  });
});
