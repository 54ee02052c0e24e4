import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../shared/graph/min-heap';

/** Deterministic pseudo-random integers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MinHeap', () => {
  it('pops in ascending order, duplicates included', () => {
    const heap = new MinHeap();
    for (const v of [5, 3, 9, 3, 0, 12, 7, 5]) heap.push(v);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop());
    expect(out).toEqual([0, 3, 3, 5, 5, 7, 9, 12]);
  });

  it('agrees with a sorted list under interleaved pushes and pops', () => {
    const next = rng(7);
    for (let round = 0; round < 50; round += 1) {
      const heap = new MinHeap();
      const reference: number[] = [];
      for (let step = 0; step < 200; step += 1) {
        if (reference.length > 0 && next() < 0.4) {
          reference.sort((a, b) => a - b);
          expect(heap.pop()).toBe(reference.shift());
        } else {
          const v = Math.floor(next() * 64);
          heap.push(v);
          reference.push(v);
        }
        expect(heap.size).toBe(reference.length);
      }
    }
  });
});
