import { describe, expect, it } from 'vitest';
import { OverlayMap } from '../../../shared/analysis/overlay-map';

describe('OverlayMap', () => {
  it('reads like the base map with values replaced, in the base order', () => {
    const base = new Map(Array.from({ length: 20 }, (_, i) => [`k${i}`, i] as const));
    const a = OverlayMap.with(base, [['k3', 300]]);
    const b = OverlayMap.with(a, [['k5', 500]]);
    expect(a.get('k5')).toBe(5);
    expect(b.get('k3')).toBe(300);
    expect(b.get('k5')).toBe(500);
    expect(b.size).toBe(20);
    expect([...b.keys()]).toEqual([...base.keys()]);
    expect([...b.values()].slice(0, 6)).toEqual([0, 1, 2, 300, 4, 500]);
    expect(new Map(b).get('k3')).toBe(300);
    expect(base.get('k3')).toBe(3);
  });

  it('flattens into a plain Map when many values changed', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    const flat = OverlayMap.with(base, [
      ['a', 10],
      ['b', 20],
    ]);
    expect(flat).toBeInstanceOf(Map);
    expect([...flat.entries()]).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 3],
      ['d', 4],
    ]);
  });
});
