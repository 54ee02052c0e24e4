import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '../../../../main/training/kernels/register';
import { createRng } from '../../../../main/training/datasets/random';
import { expectClose, randomValues, run, withStockCpu } from './reference';

/**
 * The resize gradients UpSampling2D trains with. Reference: the forward kernel's own choice of source pixel,
 * read off by resizing an image whose values are their own indices, then dy summed onto those pixels. Our cpu
 * kernel must equal it in every mode, tfjs-wasm's in UpSampling2D's; the stock cpu kernel (tfjs 4.22) does not once a batch has two images —
 * the reason ours exists (if tfjs fixes it, the last test fails and the replacement can go).
 */
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  installKernels('wasm');
  installKernels('cpu');
});

interface Case {
  readonly x: [number, number, number, number];
  readonly out: [number, number];
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;
}

function cases(): Case[] {
  const rng = createRng(11);
  const out: Case[] = [
    { x: [2, 2, 2, 1], out: [4, 4], alignCorners: false, halfPixelCenters: false },
    { x: [4, 14, 14, 8], out: [28, 28], alignCorners: false, halfPixelCenters: false },
  ];
  while (out.length < 24) {
    const h = 1 + rng.int(6);
    const w = 1 + rng.int(6);
    const mode = rng.int(3);
    out.push({
      x: [1 + rng.int(3), h, w, 1 + rng.int(4)],
      // UpSampling2D's whole factors, and now and then a shrink or an odd size.
      out: rng.int(4) === 0 ? [1 + rng.int(9), 1 + rng.int(9)] : [h * (1 + rng.int(3)), w * (1 + rng.int(3))],
      alignCorners: mode === 1,
      halfPixelCenters: mode === 2,
    });
  }
  return out;
}

function reference(c: Case, dy: Float32Array): Float64Array {
  const [n, h, w, ch] = c.x;
  const [oh, ow] = c.out;
  const index = tf.tidy(() =>
    tf.image
      .resizeNearestNeighbor(
        tf.range(0, h * w).reshape([1, h, w, 1]) as tf.Tensor4D,
        c.out,
        c.alignCorners,
        c.halfPixelCenters,
      )
      .dataSync(),
  );
  const dx = new Float64Array(size(c.x));
  for (let b = 0; b < n; b++)
    for (let p = 0; p < oh * ow; p++)
      for (let d = 0; d < ch; d++) {
        const at = (b * h * w + (index[p] as number)) * ch + d;
        dx[at] = (dx[at] as number) + (dy[(b * oh * ow + p) * ch + d] as number);
      }
  return dx;
}

const attrs = (c: Case) => ({ alignCorners: c.alignCorners, halfPixelCenters: c.halfPixelCenters });
const grad = (c: Case, dy: Float32Array) =>
  run(
    'ResizeNearestNeighborGrad',
    { images: tf.zeros(c.x), dy: tf.tensor4d(dy, [c.x[0], ...c.out, c.x[3]]) },
    attrs(c),
  );

describe('ResizeNearestNeighborGrad', () => {
  const all = cases();
  const dys = all.map((c, i) => randomValues(createRng(100 + i), c.x[0] * c.out[0] * c.out[1] * c.x[3]));

  it('our cpu kernel equals the reference on 24 cases (every alignCorners/halfPixelCenters mode)', async () => {
    await tf.setBackend('cpu');
    all.forEach((c, i) =>
      expectClose(
        grad(c, dys[i] as Float32Array),
        reference(c, dys[i] as Float32Array),
        `cpu ${JSON.stringify(c)}`,
      ),
    );
  });

  it("tfjs-wasm's kernel equals it in UpSampling2D's mode (no align corners, no half-pixel centres)", async () => {
    // (It ignores halfPixelCenters when shrinking, which UpSampling2D never asks for.)
    await tf.setBackend('wasm');
    const plain = all.filter((c) => !c.alignCorners && !c.halfPixelCenters);
    expect(plain.length).toBeGreaterThan(5);
    for (const c of plain) {
      const dy = dys[all.indexOf(c)] as Float32Array;
      expectClose(grad(c, dy), reference(c, dy), `wasm ${JSON.stringify(c)}`);
    }
  });

  it('the stock cpu kernel is wrong from the second image of a batch on (why ours replaces it)', async () => {
    const c = all[0] as Case;
    const dy = Float32Array.from({ length: 32 }, (_, i) => i);
    const stock = await withStockCpu(() => grad(c, dy));
    expect(Array.from(reference(c, dy))).toEqual([10, 18, 42, 50, 74, 82, 106, 114]);
    expect(Array.from(stock)).toEqual([10, 18, 42, 50, 26, 34, 58, 66]);
  });
});

describe('ResizeBilinearGrad (stock on both backends)', () => {
  it('cpu and wasm agree, batches included', async () => {
    const c = { x: [3, 5, 4, 2] as [number, number, number, number], out: [10, 8] as [number, number] };
    const dy = randomValues(createRng(5), 3 * 10 * 8 * 2);
    const run2 = () =>
      run(
        'ResizeBilinearGrad',
        { images: tf.zeros(c.x), dy: tf.tensor4d(dy, [3, 10, 8, 2]) },
        { alignCorners: false, halfPixelCenters: false },
      );
    await tf.setBackend('wasm');
    const wasm = run2();
    await tf.setBackend('cpu');
    expectClose(run2(), wasm, 'bilinear cpu vs wasm');
  });
});
