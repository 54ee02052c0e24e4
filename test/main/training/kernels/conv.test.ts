import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { convGeometry } from '../../../../main/training/kernels/geometry-tf';
import { installKernels } from '../../../../main/training/kernels/register';
import { createRng } from '../../../../main/training/datasets/random';
import {
  convInfo,
  expectClose,
  label,
  naiveConv,
  randomConvCases,
  randomValues,
  run,
  withStockCpu,
  type ConvCase,
} from './reference';

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

interface Values {
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly dy: Float32Array;
}

function valuesFor(c: ConvCase, seed: number): Values {
  const rng = createRng(seed);
  const info = convInfo(c);
  return {
    x: randomValues(rng, size(c.xShape)),
    w: randomValues(rng, size(c.filterShape)),
    dy: randomValues(rng, info.batchSize * info.outHeight * info.outWidth * info.outChannels),
  };
}

/** The three kernels of one case on the active backend. */
function kernels(c: ConvCase, v: Values, withDilations: boolean) {
  const info = convInfo(c);
  const dyShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const common = {
    strides: c.strides,
    pad: c.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: c.dimRoundingMode,
    ...(withDilations ? { dilations: c.dilations } : {}),
  };
  const x = () => tf.tensor4d(v.x, c.xShape);
  const w = () => tf.tensor4d(v.w, c.filterShape);
  const dy = () => tf.tensor(v.dy, dyShape);
  return {
    forward: () => run('Conv2D', { x: x(), filter: w() }, { ...common, dilations: c.dilations }),
    input: () => run('Conv2DBackpropInput', { dy: dy(), filter: w() }, { ...common, inputShape: c.xShape }),
    filter: () =>
      run('Conv2DBackpropFilter', { x: x(), dy: dy() }, { ...common, filterShape: c.filterShape }),
  };
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  installKernels('wasm');
  installKernels('cpu');
});

describe('our convolution kernels against the stock tfjs-cpu kernels', () => {
  const cases = randomConvCases(createRng(20_261_122), 80, false);

  it('covers strides, every padding kind, rounding modes, batches and non-square shapes', () => {
    expect(new Set(cases.map((c) => (typeof c.pad === 'object' ? 'explicit' : typeof c.pad))).size).toBe(3);
    expect(cases.some((c) => c.strides[0] !== c.strides[1])).toBe(true);
    expect(cases.some((c) => c.xShape[1] !== c.xShape[2] && c.filterShape[0] !== c.filterShape[1])).toBe(
      true,
    );
    expect(cases.some((c) => c.xShape[0] > 1)).toBe(true);
    expect(new Set(cases.map((c) => c.dimRoundingMode)).size).toBeGreaterThanOrEqual(3);
  });

  it('Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter match on cpu and wasm', async () => {
    for (const [i, c] of cases.entries()) {
      const v = valuesFor(c, i);
      const ref = await withStockCpu(() => {
        const k = kernels(c, v, false);
        return { forward: k.forward(), input: k.input(), filter: k.filter() };
      });
      await tf.setBackend('cpu');
      const cpu = kernels(c, v, false);
      expectClose(cpu.forward(), ref.forward, `cpu Conv2D ${label(c)}`);
      expectClose(cpu.input(), ref.input, `cpu Conv2DBackpropInput ${label(c)}`);
      expectClose(cpu.filter(), ref.filter, `cpu Conv2DBackpropFilter ${label(c)}`);
      await tf.setBackend('wasm');
      const wasm = kernels(c, v, false);
      expectClose(wasm.input(), ref.input, `wasm Conv2DBackpropInput ${label(c)}`);
      expectClose(wasm.filter(), ref.filter, `wasm Conv2DBackpropFilter ${label(c)}`);
    }
  });

  it('tf.grad of conv2d on wasm equals tf.grad on stock cpu', async () => {
    const plain = cases.filter((c) => c.dimRoundingMode === undefined).slice(0, 12);
    const grads = (c: ConvCase, v: Values) =>
      tf.tidy(() => {
        const r = tf.tensor(v.dy, convInfo(c).outShape);
        const f = (x: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), r));
        const [dx, dw] = tf.grads(f)([tf.tensor4d(v.x, c.xShape), tf.tensor4d(v.w, c.filterShape)]);
        return [dx?.dataSync() as Float32Array, dw?.dataSync() as Float32Array] as const;
      });
    for (const [i, c] of plain.entries()) {
      const v = valuesFor(c, 100 + i);
      const ref = await withStockCpu(() => grads(c, v));
      await tf.setBackend('wasm');
      const [dx, dw] = grads(c, v);
      expectClose(dx, ref[0], `wasm d/dx ${label(c)}`);
      expectClose(dw, ref[1], `wasm d/dw ${label(c)}`);
    }
  });

  it('FusedConv2D (bias + activation) matches on cpu', async () => {
    for (const [i, c] of cases.slice(0, 16).entries()) {
      const v = valuesFor(c, 200 + i);
      const bias = randomValues(createRng(i), c.filterShape[3]);
      for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'] as const) {
        const fused = () =>
          tf.tidy(
            () =>
              tf.fused
                .conv2d({
                  x: tf.tensor4d(v.x, c.xShape),
                  filter: tf.tensor4d(v.w, c.filterShape),
                  strides: c.strides,
                  pad: c.pad,
                  dilations: c.dilations,
                  dimRoundingMode: c.dimRoundingMode,
                  bias: tf.tensor1d(bias),
                  activation,
                  leakyreluAlpha: 0.3,
                })
                .dataSync() as Float32Array,
          );
        const ref = await withStockCpu(fused);
        await tf.setBackend('cpu');
        expectClose(fused(), ref, `cpu FusedConv2D ${activation} ${label(c)}`);
      }
    }
  });
});

describe('dilated convolutions (tfjs has no dilated gradient kernels; ours take a dilations attribute)', () => {
  const cases = randomConvCases(createRng(99), 30, true).filter((c) => c.dilations.some((d) => d > 1));

  it('the direct reference agrees with the stock kernels where both apply', async () => {
    for (const [i, c] of randomConvCases(createRng(5), 10, false).entries()) {
      const v = valuesFor(c, 300 + i);
      const ref = await withStockCpu(() => {
        const k = kernels(c, v, false);
        return { forward: k.forward(), input: k.input(), filter: k.filter() };
      });
      const naive = naiveConv(convGeometry(c.xShape, c.filterShape, { ...c, dilations: c.dilations }));
      expectClose(new Float32Array(naive.forward(v.x, v.w)), ref.forward, `naive forward ${label(c)}`);
      expectClose(new Float32Array(naive.backpropInput(v.dy, v.w)), ref.input, `naive input ${label(c)}`);
      expectClose(new Float32Array(naive.backpropFilter(v.x, v.dy)), ref.filter, `naive filter ${label(c)}`);
    }
  });

  it('our cpu and wasm gradients equal the direct reference with dilations and strides', async () => {
    expect(cases.length).toBeGreaterThan(5);
    for (const [i, c] of cases.entries()) {
      const v = valuesFor(c, 400 + i);
      const naive = naiveConv(convGeometry(c.xShape, c.filterShape, { ...c, dilations: c.dilations }));
      const expected = { input: naive.backpropInput(v.dy, v.w), filter: naive.backpropFilter(v.x, v.dy) };
      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        const k = kernels(c, v, true);
        expectClose(k.input(), expected.input, `${backend} dilated input ${label(c)}`);
        expectClose(k.filter(), expected.filter, `${backend} dilated filter ${label(c)}`);
      }
      await tf.setBackend('cpu');
      expectClose(kernels(c, v, true).forward(), naive.forward(v.x, v.w), `cpu dilated forward ${label(c)}`);
    }
  });

  it('tf.grad of a dilated conv2d works on cpu and wasm (stock tfjs throws) and equals the reference', async () => {
    // tf.conv2d itself refuses strides and dilations above 1 together: the same cases at stride 1.
    const stride1 = cases
      .map((c): ConvCase => ({ ...c, strides: [1, 1], dimRoundingMode: undefined }))
      .filter((c) => convInfo(c).outHeight >= 1 && convInfo(c).outWidth >= 1);
    expect(stride1.length).toBeGreaterThan(2);
    for (const [i, c] of stride1.entries()) {
      const v = valuesFor(c, 500 + i);
      const naive = naiveConv(convGeometry(c.xShape, c.filterShape, { ...c, dilations: c.dilations }));
      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        const [dx, dw] = tf.tidy(() => {
          const r = tf.tensor(v.dy, convInfo(c).outShape);
          const f = (x: tf.Tensor, w: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad, 'NHWC', c.dilations), r));
          return tf
            .grads(f)([tf.tensor4d(v.x, c.xShape), tf.tensor4d(v.w, c.filterShape)])
            .map((t) => t.dataSync() as Float32Array);
        });
        expectClose(
          dx as Float32Array,
          naive.backpropInput(v.dy, v.w),
          `${backend} d/dx dilated ${label(c)}`,
        );
        expectClose(
          dw as Float32Array,
          naive.backpropFilter(v.x, v.dy),
          `${backend} d/dw dilated ${label(c)}`,
        );
      }
    }
  });
});
