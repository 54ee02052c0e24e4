import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '../../../../main/training/kernels/register';
import { createRng, type Rng } from '../../../../main/training/datasets/random';
import { expectClose, randomValues, run, withStockCpu } from './reference';

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  installKernels('wasm');
  installKernels('cpu');
});

interface PoolCase {
  xShape: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
}

function poolCases(rng: Rng, count: number): PoolCase[] {
  const out: PoolCase[] = [];
  while (out.length < count) {
    const pad = (['same', 'valid', 'number'] as const)[rng.int(3)] ?? 'valid';
    const f0 = 1 + rng.int(3);
    const s0 = 1 + rng.int(3);
    const square = pad === 'number'; // see reference.ts: tfjs numeric pads are only right for square windows
    const c: PoolCase = {
      xShape: [1 + rng.int(3), 1 + rng.int(9), 1 + rng.int(9), 1 + rng.int(4)],
      filterSize: [f0, square ? f0 : 1 + rng.int(3)],
      strides: [s0, square ? s0 : 1 + rng.int(3)],
      pad: pad === 'number' ? rng.int(Math.max(1, Math.floor(f0 / 2) + 1)) : pad,
    };
    const info = tf.backend_util.computePool2DInfo(c.xShape, c.filterSize, c.strides, 1, c.pad);
    if (info.outHeight >= 1 && info.outWidth >= 1) out.push(c);
  }
  return out;
}

describe('MaxPoolGrad', () => {
  it('matches the stock cpu kernel on cpu and wasm, ties and NaN included', async () => {
    const rng = createRng(31);
    for (const c of poolCases(rng, 50)) {
      // Small integers make ties common: the gradient must go to the same (first) maximum as the reference.
      const x = randomValues(rng, size(c.xShape), true);
      if (rng.next() < 0.3) x[rng.int(x.length)] = NaN;
      const grad = () =>
        tf.tidy(() => {
          const xt = tf.tensor4d(x, c.xShape);
          const y = tf.maxPool(xt, c.filterSize, c.strides, c.pad);
          const dy = tf.tensor(randomValues(createRng(size(y.shape)), size(y.shape)), y.shape);
          return run(
            'MaxPoolGrad',
            { dy, input: xt, output: y },
            { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
          );
        });
      const ref = await withStockCpu(grad);
      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        expectClose(grad(), ref, `${backend} MaxPoolGrad ${JSON.stringify(c)}`);
      }
    }
  });
});

describe('cpu Sum and element-wise kernels', () => {
  const rng = createRng(8);
  const shapes: number[][] = [[5], [3, 4], [2, 3, 4], [2, 5, 3, 6], [1, 1, 7]];

  it('Sum over leading axes (the bias gradient) and the cases handed to the stock kernel', async () => {
    for (const shape of shapes) {
      const x = randomValues(rng, size(shape));
      for (let k = 0; k <= shape.length; k++) {
        const axes = [...Array(k).keys()];
        const variants = k === 0 ? [[shape.length - 1]] : [axes, axes.map((a) => a - shape.length)];
        if (shape.length > 1) variants.push([1]);
        for (const axis of variants)
          for (const keepDims of [false, true]) {
            const sum = () =>
              tf.tidy(() => tf.sum(tf.tensor(x, shape), axis, keepDims).dataSync() as Float32Array);
            const shapeOf = () => tf.tidy(() => tf.sum(tf.tensor(x, shape), axis, keepDims).shape);
            const ref = await withStockCpu(sum);
            const refShape = await withStockCpu(shapeOf);
            await tf.setBackend('cpu');
            expectClose(
              sum(),
              ref,
              `sum ${JSON.stringify(shape)} axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
            );
            expect(shapeOf()).toEqual(refShape);
          }
      }
    }
  });

  it('Add, Sub, Multiply with equal shapes, trailing broadcasts, scalars and general broadcasts', async () => {
    const pairs: [number[], number[]][] = [
      [
        [2, 3, 4],
        [2, 3, 4],
      ],
      [[2, 3, 4], [4]],
      [[4], [2, 3, 4]],
      [
        [2, 3, 4],
        [1, 4],
      ],
      [
        [2, 3, 4],
        [3, 4],
      ],
      [[2, 3, 4], []],
      [[], [3]],
      [
        [2, 1, 3],
        [4, 1],
      ],
      [
        [2, 3, 4],
        [3, 1],
      ],
    ];
    for (const [as, bs] of pairs) {
      const a = randomValues(rng, size(as));
      const b = randomValues(rng, size(bs));
      for (const op of [tf.add, tf.sub, tf.mul]) {
        const f = () =>
          tf.tidy(() => {
            const r = op(tf.tensor(a, as), tf.tensor(b, bs));
            return { values: r.dataSync() as Float32Array, shape: r.shape };
          });
        const ref = await withStockCpu(f);
        await tf.setBackend('cpu');
        const got = f();
        expect(got.shape).toEqual(ref.shape);
        expectClose(got.values, ref.values, `${op.name} ${JSON.stringify(as)} ${JSON.stringify(bs)}`);
      }
    }
  });

  it('Relu and Step (the ReLU gradient) keep NaN, signed zero and alpha as the stock kernels do', async () => {
    const x = new Float32Array([NaN, -0, 0, -2, 3, 1e-30, -1e-30, Infinity, -Infinity]);
    const f = () =>
      tf.tidy(() => ({
        relu: tf.relu(tf.tensor(x)).dataSync() as Float32Array,
        step: tf.step(tf.tensor(x), 0.25).dataSync() as Float32Array,
        step0: tf.step(tf.tensor(x)).dataSync() as Float32Array,
      }));
    const ref = await withStockCpu(f);
    await tf.setBackend('cpu');
    const got = f();
    expect(Array.from(got.relu)).toEqual(Array.from(ref.relu));
    expect(Array.from(got.step)).toEqual(Array.from(ref.step));
    expect(Array.from(got.step0)).toEqual(Array.from(ref.step0));
  });

  it('a bool mask cast to float32 (stored as bytes by tfjs-cpu) multiplies as on the stock kernel', async () => {
    // ReLU6's gradient (and so hard swish's) is dy · cast(x ≤ 6) · step(x): the cast keeps the bool's bytes.
    const x = [-1, 0.5, 3, 6, 7, -0.25];
    const f = () =>
      tf.tidy(() => {
        const mask = tf.cast(tf.lessEqual(tf.tensor(x), 6), 'float32');
        const grad = tf.grad((v: tf.Tensor) => tf.relu6(v).sum())(tf.tensor(x));
        return {
          mul: Array.from(tf.mul(tf.tensor(x), mask).dataSync()),
          add: Array.from(tf.add(mask, tf.tensor(x)).dataSync()),
          relu: Array.from(tf.relu(tf.sub(mask, 0.5)).dataSync()),
          grad: Array.from(grad.dataSync()),
        };
      });
    const ref = await withStockCpu(f);
    await tf.setBackend('cpu');
    expect(f()).toEqual(ref);
    expect(ref.grad).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it('int32 inputs are handed to the stock kernels', async () => {
    await tf.setBackend('cpu');
    const r = tf.tidy(() => tf.add(tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([4], [1], 'int32')));
    expect(r.dtype).toBe('int32');
    expect(Array.from(r.dataSync())).toEqual([5, 6, 7]);
    r.dispose();
  });
});
