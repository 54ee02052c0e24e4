import { describe, expect, it } from 'vitest';
import {
  channelStats,
  epochBatches,
  limitSplit,
  makeBatch,
  splitValidation,
} from '../../../../main/training/datasets/pipeline';
import { createRng } from '../../../../main/training/datasets/random';
import type { Split } from '../../../../main/training/datasets/types';

const shape = [4, 5, 1] as const;
function numbered(count: number): Split {
  const images = new Float32Array(count * 20);
  for (let i = 0; i < count; i++) images.fill(i, i * 20, (i + 1) * 20);
  return { images, labels: Int32Array.from({ length: count }, (_, i) => i % 3), count };
}

describe('the data pipeline', () => {
  it('holds out a seeded validation share without losing or repeating an image', () => {
    const { train, validation } = splitValidation(numbered(50), 0.2, shape, 9);
    expect([train.count, validation.count]).toEqual([40, 10]);
    const ids = [
      ...Array.from({ length: 40 }, (_, i) => train.images[i * 20]),
      ...Array.from({ length: 10 }, (_, i) => validation.images[i * 20]),
    ];
    expect(new Set(ids).size).toBe(50);
    expect(Array.from(splitValidation(numbered(50), 0.2, shape, 9).validation.labels)).toEqual(
      Array.from(validation.labels),
    );
    expect(splitValidation(numbered(50), 0, shape, 9).validation.count).toBe(0);
  });

  it('--limit keeps the first N training images', () => {
    const s = limitSplit(numbered(10), 3, shape);
    expect(s.count).toBe(3);
    expect(Array.from(s.images.filter((_, i) => i % 20 === 0))).toEqual([0, 1, 2]);
    expect(limitSplit(numbered(10), undefined, shape).count).toBe(10);
  });

  it('visits every image once per epoch, in a new seeded order each epoch', () => {
    const e0 = epochBatches(23, 5, 1, 0);
    expect(e0.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    expect(e0.flatMap((b) => Array.from(b)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 23 }, (_, i) => i),
    );
    expect(epochBatches(23, 5, 1, 0).map((b) => Array.from(b))).toEqual(e0.map((b) => Array.from(b)));
    expect(epochBatches(23, 5, 1, 1).map((b) => Array.from(b))).not.toEqual(e0.map((b) => Array.from(b)));
  });

  it('standardises with statistics of the training images', () => {
    const split = numbered(10);
    const stats = channelStats(split, 1);
    expect(stats.mean[0]).toBeCloseTo(4.5, 6);
    const batch = makeBatch(
      split,
      Int32Array.from({ length: 10 }, (_, i) => i),
      shape,
      { stats },
    );
    const m = batch.images.reduce((a, b) => a + b, 0) / batch.images.length;
    const v = batch.images.reduce((a, b) => a + (b - m) ** 2, 0) / batch.images.length;
    expect(m).toBeCloseTo(0, 5);
    expect(v).toBeCloseTo(1, 5);
  });

  it('augments each batch (flip mirrors, shift translates, rotation keeps the centre) and never the stored images', () => {
    const images = new Float32Array(25);
    images[2 * 5 + 0] = 1; // a dot at row 2, column 0 of a 5×5 image
    images[2 * 5 + 2] = 0.5; // and the centre
    const split: Split = { images, labels: new Int32Array([0]), count: 1 };
    const sq = [5, 5, 1] as const;
    const rng = createRng(2);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const b = makeBatch(split, [0], sq, { augment: { flip: true }, rng });
      seen.add(b.images[10] === 1 ? 'same' : b.images[14] === 1 ? 'mirrored' : 'other');
    }
    expect(seen).toEqual(new Set(['same', 'mirrored']));
    const mass = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
    const shiftRng = createRng(11);
    const shifted = Array.from(
      { length: 10 },
      () => makeBatch(split, [0], sq, { augment: { shift: 0.4 }, rng: shiftRng }).images,
    );
    expect(shifted.some((s) => Array.from(s).join() !== Array.from(images).join())).toBe(true);
    // Whole-pixel shifts move the dots (or push them out), never invent ink.
    for (const s of shifted) expect(mass(s)).toBeLessThanOrEqual(1.5 + 1e-6);
    const rotated = makeBatch(split, [0], sq, { augment: { rotateDegrees: 90 }, rng: createRng(3) });
    expect(rotated.images[12]).toBeCloseTo(0.5, 5);
    expect(images[10]).toBe(1);
  });
});
