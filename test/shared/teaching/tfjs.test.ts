import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../shared/teaching/sample';
import { kerasPadding } from '../../../shared/layers/common/keras';
import type { Padding } from '../../../shared/layers/common/params';
import { convGeometry, convOutput, type ConvProblem } from '../../../shared/teaching/conv';
import { volumeOf, type Volume } from '../../../shared/teaching/grid';
import { im2colProduct } from '../../../shared/teaching/im2col';
import { poolOutput, type PoolMode } from '../../../shared/teaching/pool';
import { softmaxWorked } from '../../../shared/teaching/softmax';

/**
 * The explainers' arithmetic against tfjs on random small cases: convolution (valid, same, full, explicit P,
 * stride, dilation, several channels and filters, bias, activation, groups and depthwise), im2col's GEMM, pooling (max/avg/min with
 * 'same', valid and explicit zero padding as Stride builds it), softmax, cross-entropy and its gradient.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rng = prng;

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const randVolume = (r: () => number, c: number, h: number, w: number): Volume =>
  volumeOf(c, h, w, () => Math.round((r() * 4 - 2) * 100) / 100);

/** [C][H][W] → a [1, H, W, C] tensor. */
const toNhwc = (v: Volume, c: number, h: number, w: number) =>
  tf.tensor4d(
    Array.from(
      { length: h * w * c },
      (_, i) => v[i % c]?.[Math.floor(i / c / w)]?.[Math.floor(i / c) % w] ?? 0,
    ),
    [1, h, w, c],
  );

/** A [1, H, W, C] tensor → [C][H][W]. */
const fromNhwc = (t: tf.Tensor): number[][][] => {
  const [, h = 0, w = 0, c = 0] = t.shape;
  const data = t.dataSync();
  return volumeOf(c, h, w, (k, y, x) => data[(y * w + x) * c + k] ?? 0);
};

const close = (a: Volume, b: Volume) => {
  expect(a.length).toBe(b.length);
  a.forEach((g, c) => {
    expect(g.length).toBe(b[c]?.length);
    g.forEach((row, y) => row.forEach((v, x) => expect(v).toBeCloseTo(b[c]?.[y]?.[x] ?? NaN, 4)));
  });
};

/** tfjs with Stride's padding rules: 'same'/'valid' natively, anything else as explicit zeros then 'valid'. */
function tfPadded(x: tf.Tensor4D, pads: readonly [number, number, number, number], padding: Padding) {
  if (padding === 'same' || padding === 'valid') return { x, mode: padding };
  const [t, b, l, r] = pads;
  return {
    x: tf.pad(x, [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ]),
    mode: 'valid' as const,
  };
}

/** Filters first … first + count − 1 (each `depth` deep, k×k) as a tfjs [k, k, depth, count] kernel. */
const kernelOf = (filters: readonly Volume[], first: number, count: number, depth: number, k: number) =>
  tf.tensor4d(
    Array.from({ length: k * k * depth * count }, (_, j) => {
      const fi = j % count;
      const ci = Math.floor(j / count) % depth;
      const kx = Math.floor(j / count / depth) % k;
      const ky = Math.floor(j / count / depth / k);
      return filters[first + fi]?.[ci]?.[ky]?.[kx] ?? 0;
    }),
    [k, k, depth, count],
  );

const PADDINGS: readonly Padding[] = ['valid', 'same', 'full', 1, 2, [0, 1, 2, 0]];

describe('convolution against tf.conv2d', () => {
  const r = rng(14);
  for (let i = 0; i < 24; i += 1) {
    const c = int(r, 1, 3);
    const f = int(r, 1, 3);
    const k = int(r, 1, 3);
    const h = int(r, k + 1, 7);
    const w = int(r, k + 1, 7);
    const dilated = i % 4 === 3;
    const stride = dilated ? 1 : int(r, 1, 3);
    const dilation = dilated ? 2 : 1;
    const padding = PADDINGS[i % PADDINGS.length] ?? 'valid';
    const activation = i % 3 === 0 ? 'relu' : 'linear';
    const p: ConvProblem = {
      input: randVolume(r, c, h, w),
      filters: Array.from({ length: f }, () => randVolume(r, c, k, k)),
      bias: i % 2 === 0 ? Array.from({ length: f }, () => Math.round(r() * 100) / 100) : null,
      stride,
      padding,
      dilation,
      activation,
    };
    it(`${c}×${h}×${w} ⊗ ${f}×${k}×${k} /${stride} d${dilation} pad ${JSON.stringify(padding)} ${activation}`, () => {
      const g = convGeometry(p);
      const expected = tf.tidy(() => {
        const kernel = kernelOf(p.filters, 0, f, c, k);
        const { x, mode } = tfPadded(toNhwc(p.input, c, h, w), g.pads, padding);
        let y: tf.Tensor4D = tf.conv2d(x, kernel, stride, mode, 'NHWC', dilation);
        if (p.bias !== null) y = tf.add(y, tf.tensor1d([...p.bias]));
        if (activation === 'relu') y = tf.relu(y);
        return fromNhwc(y);
      });
      expect([g.outH, g.outW]).toEqual([expected[0]?.length, expected[0]?.[0]?.length]);
      close(convOutput(p, g), expected);
      if (activation === 'linear') {
        // im2col's GEMM gives the same numbers, one row per output position.
        const gemm = im2colProduct(p, g);
        close(
          volumeOf(f, g.outH, g.outW, (fi, oy, ox) => gemm[oy * g.outW + ox]?.[fi] ?? NaN),
          expected,
        );
      }
    });
  }
});

describe('grouped and depthwise convolution against tfjs', () => {
  // G = C with M filters per channel is tf.depthwiseConv2d (output channel c·M + m); any other G is one
  // tf.conv2d per group over its C/G channels, concatenated, which is what a grouped convolution means.
  const r = rng(41);
  for (let i = 0; i < 12; i += 1) {
    const depthwise = i % 3 === 0;
    const groups = depthwise ? int(r, 1, 4) : ([2, 3][i % 2] ?? 2);
    const perC = depthwise ? 1 : int(r, 1, 2);
    const perF = int(r, 1, 3);
    const c = groups * perC;
    const f = groups * perF;
    const k = int(r, 1, 3);
    const h = int(r, k + 1, 6);
    const w = int(r, k + 1, 6);
    const stride = int(r, 1, 2);
    const padding = PADDINGS[i % PADDINGS.length] ?? 'valid';
    const p: ConvProblem = {
      input: randVolume(r, c, h, w),
      filters: Array.from({ length: f }, () => randVolume(r, perC, k, k)),
      bias: i % 2 === 0 ? Array.from({ length: f }, () => Math.round(r() * 100) / 100) : null,
      stride,
      padding,
      dilation: 1,
      groups,
    };
    it(`${c}×${h}×${w} ⊗ ${f}×${k}×${k}, ${groups} groups${depthwise ? ' (depthwise)' : ''} /${stride} pad ${JSON.stringify(padding)}`, () => {
      const g = convGeometry(p);
      expect([g.groups, g.filterDepth]).toEqual([groups, perC]);
      const expected = tf.tidy(() => {
        const { x, mode } = tfPadded(toNhwc(p.input, c, h, w), g.pads, padding);
        let y: tf.Tensor4D;
        if (depthwise) {
          // [k, k, C, M]: channel c's m-th filter is Stride's filter c·M + m.
          const kernel = tf.tensor4d(
            Array.from({ length: k * k * c * perF }, (_, j) => {
              const m = j % perF;
              const ci = Math.floor(j / perF) % c;
              const kx = Math.floor(j / perF / c) % k;
              const ky = Math.floor(j / perF / c / k);
              return p.filters[ci * perF + m]?.[0]?.[ky]?.[kx] ?? 0;
            }),
            [k, k, c, perF],
          );
          y = tf.depthwiseConv2d(x, kernel, stride, mode);
        } else {
          const parts = Array.from({ length: groups }, (_, gi) =>
            tf.conv2d(
              tf.slice(x, [0, 0, 0, gi * perC], [-1, -1, -1, perC]),
              kernelOf(p.filters, gi * perF, perF, perC, k),
              stride,
              mode,
            ),
          );
          y = tf.concat(parts, 3);
        }
        if (p.bias !== null) y = tf.add(y, tf.tensor1d([...p.bias]));
        return fromNhwc(y);
      });
      close(convOutput(p, g), expected);
      const gemm = im2colProduct(p, g);
      close(
        volumeOf(f, g.outH, g.outW, (fi, oy, ox) => gemm[oy * g.outW + ox]?.[fi] ?? NaN),
        expected,
      );
    });
  }
});

describe('pooling against tf.maxPool / tf.avgPool', () => {
  const r = rng(7);
  const modes: readonly PoolMode[] = ['max', 'avg', 'min'];
  for (let i = 0; i < 18; i += 1) {
    const mode = modes[i % 3] ?? 'max';
    const c = int(r, 1, 3);
    const size = int(r, 2, 3);
    const stride = int(r, 1, 3);
    const h = int(r, size + 1, 7);
    const w = int(r, size + 1, 7);
    const paddings: readonly Padding[] = ['valid', 'same', 1, [1, 0, 0, 1]];
    const padding = paddings[i % 4] ?? 'valid';
    const input = randVolume(r, c, h, w);
    it(`${mode} ${c}×${h}×${w} window ${size} /${stride} pad ${JSON.stringify(padding)}`, () => {
      const ours = poolOutput({ input, mode, size, stride, padding });
      const expected = tf.tidy(() => {
        // As Stride builds the layer: kerasPadding decides between 'same'/'valid' and ZeroPadding2D + 'valid'.
        const built = kerasPadding(padding, [h, w], size, stride);
        let x = toNhwc(input, c, h, w);
        for (const pre of built.pre) {
          const [[t, b], [l, rr]] = pre.config.padding as [[number, number], [number, number]];
          x = tf.pad(x, [
            [0, 0],
            [t, b],
            [l, rr],
            [0, 0],
          ]);
        }
        if (mode === 'avg') return fromNhwc(tf.avgPool(x, size, stride, built.padding));
        if (mode === 'max') return fromNhwc(tf.maxPool(x, size, stride, built.padding));
        // StrideMinPool2D: −maxPool(−x).
        return fromNhwc(tf.neg(tf.maxPool(tf.neg(x), size, stride, built.padding)));
      });
      close(ours, expected);
    });
  }
});

describe('softmax and cross-entropy against tfjs', () => {
  const r = rng(3);
  for (let i = 0; i < 8; i += 1) {
    const n = int(r, 2, 6);
    const logits = Array.from({ length: n }, () => Math.round((r() * 10 - 5) * 100) / 100);
    const target = int(r, 0, n - 1);
    it(`${n} classes, true class ${target}`, () => {
      const w = softmaxWorked(logits, target);
      const z = tf.tensor2d([logits]);
      const y = tf.oneHot([target], n).toFloat();
      expect(w.probs.map((p) => Number(p.toFixed(5)))).toEqual(
        Array.from(tf.softmax(z).dataSync(), (p) => Number(p.toFixed(5))),
      );
      expect(w.loss).toBeCloseTo(tf.losses.softmaxCrossEntropy(y, z).dataSync()[0] ?? NaN, 5);
      const grad = tf.grad((zz: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, zz))(z);
      Array.from(grad.dataSync()).forEach((g, j) => expect(w.grad[j]).toBeCloseTo(g, 5));
    });
  }
});
