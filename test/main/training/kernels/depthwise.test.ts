import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels, uninstallKernels } from '../../../../main/training/kernels/register';
import { createRng } from '../../../../main/training/datasets/random';
import { expectClose, label, randomConvCases, randomValues, withStockCpu, type ConvCase } from './reference';

/**
 * tfjs-wasm has the depthwise convolution but not its gradients (DepthwiseConv2dNativeBackpropInput/Filter):
 * without ours a MobileNet cannot train on the wasm rung. Each is checked against tfjs-cpu's stock kernel on
 * random cases (depth multipliers 1–3, every padding form, strides, batches), and tf.grads of a depthwise
 * convolution on wasm against tf.grads on stock cpu.
 */
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** A conv case made depthwise: filter [FH, FW, C, M]; tfjs's depthwise kernels take no rounding modes. */
function depthwiseCases(count: number): ConvCase[] {
  const rng = createRng(20_261_203);
  return randomConvCases(rng, count * 2, false)
    .filter((c) => c.dimRoundingMode === undefined && typeof c.pad !== 'number')
    .slice(0, count)
    .map((c, i) => ({
      ...c,
      filterShape: [c.filterShape[0], c.filterShape[1], c.xShape[3], 1 + (i % 3)] as ConvCase['filterShape'],
    }));
}

function outShape(c: ConvCase): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    c.xShape,
    c.filterShape,
    c.strides,
    c.dilations,
    c.pad,
    undefined,
    true,
  );
  return [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
}

function kernels(c: ConvCase, seed: number) {
  const rng = createRng(seed);
  const x = randomValues(rng, size(c.xShape));
  const w = randomValues(rng, size(c.filterShape));
  const dyShape = outShape(c);
  const dy = randomValues(rng, size(dyShape));
  const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations, dataFormat: 'NHWC' };
  const run = (name: string, inputs: () => Record<string, tf.Tensor>, extra: object) =>
    tf.tidy(
      () =>
        (
          tf.engine().runKernel(name, inputs(), { ...attrs, ...extra } as tf.NamedAttrMap) as tf.Tensor
        ).dataSync() as Float32Array,
    );
  return {
    input: () =>
      run(
        'DepthwiseConv2dNativeBackpropInput',
        () => ({ dy: tf.tensor(dy, dyShape), filter: tf.tensor4d(w, c.filterShape) }),
        { inputShape: c.xShape },
      ),
    filter: () =>
      run(
        'DepthwiseConv2dNativeBackpropFilter',
        () => ({ x: tf.tensor4d(x, c.xShape), dy: tf.tensor(dy, dyShape) }),
        { filterShape: c.filterShape },
      ),
    grads: () =>
      tf.tidy(() => {
        const r = tf.tensor(dy, dyShape);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad as 'same' | 'valid'),
              r,
            ),
          );
        const [dx, dw] = tf.grads(f)([tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.filterShape)]);
        return [dx?.dataSync() as Float32Array, dw?.dataSync() as Float32Array] as const;
      }),
  };
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  installKernels('wasm');
});

describe('our depthwise-convolution gradients on wasm against the stock tfjs-cpu kernels', () => {
  const cases = depthwiseCases(40);

  it('the stock wasm backend lacks them (what these kernels are for)', () => {
    uninstallKernels('wasm');
    try {
      expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeUndefined();
      expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeUndefined();
    } finally {
      installKernels('wasm');
    }
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeDefined();
  });

  it('covers depth multipliers 1–3, explicit/same/valid padding, strides and batches', () => {
    expect(new Set(cases.map((c) => c.filterShape[3]))).toEqual(new Set([1, 2, 3]));
    expect(new Set(cases.map((c) => (typeof c.pad === 'object' ? 'explicit' : c.pad))).size).toBe(3);
    expect(cases.some((c) => c.strides[0] > 1)).toBe(true);
    expect(cases.some((c) => c.xShape[0] > 1)).toBe(true);
  });

  it('BackpropInput and BackpropFilter equal tfjs-cpu', async () => {
    for (const [i, c] of cases.entries()) {
      const ref = await withStockCpu(() => {
        const k = kernels(c, i);
        return { input: k.input(), filter: k.filter() };
      });
      await tf.setBackend('wasm');
      const k = kernels(c, i);
      expectClose(k.input(), ref.input, `wasm depthwise BackpropInput ${label(c)}`);
      expectClose(k.filter(), ref.filter, `wasm depthwise BackpropFilter ${label(c)}`);
    }
  });

  it('tf.grads of depthwiseConv2d on wasm equals tf.grads on stock cpu', async () => {
    for (const [i, c] of cases.filter((x) => typeof x.pad === 'string').entries()) {
      const ref = await withStockCpu(() => kernels(c, 100 + i).grads());
      await tf.setBackend('wasm');
      const [dx, dw] = kernels(c, 100 + i).grads();
      expectClose(dx, ref[0], `wasm d/dx ${label(c)}`);
      expectClose(dw, ref[1], `wasm d/dw ${label(c)}`);
    }
  });
});
