import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { ConvGeometry } from '../../../../main/training/kernels/math/geometry';
import { installKernels, uninstallKernels } from '../../../../main/training/kernels/register';
import type { Rng } from '../../../../main/training/datasets/random';

/** One generated convolution: shapes and attributes exactly as the engine passes them to the kernels. */
export interface ConvCase {
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)] as T;

/** Random but always valid (every output dimension ≥ 1) convolution cases, non-square on purpose. */
export function randomConvCases(rng: Rng, count: number, allowDilation: boolean): ConvCase[] {
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const kind = pick(rng, ['same', 'valid', 'number', 'explicit'] as const);
    // tfjs computes the output of a numeric pad from the filter height and stride height alone (conv_util
    // getPadAndOutInfo), so it is only self-consistent for square windows (the stock wasm Conv2D then writes
    // past its output buffer). Layers never use numeric pads; draw them only where tfjs gets them right.
    const square = kind === 'number';
    const fh = 1 + rng.int(4);
    const fw = square ? fh : 1 + rng.int(4);
    const dilated = allowDilation && rng.next() < 0.5;
    const d0 = 1 + rng.int(3);
    const s0 = 1 + rng.int(3);
    const dilations: [number, number] = dilated ? [d0, square ? d0 : 1 + rng.int(3)] : [1, 1];
    const strides: [number, number] = [s0, square ? s0 : 1 + rng.int(3)];
    const pad: ConvCase['pad'] =
      kind === 'same' || kind === 'valid'
        ? kind
        : kind === 'number'
          ? rng.int(3)
          : [
              [0, 0],
              [rng.int(3), rng.int(3)],
              [rng.int(3), rng.int(3)],
              [0, 0],
            ];
    const xShape: ConvCase['xShape'] = [1 + rng.int(3), 1 + rng.int(11), 1 + rng.int(11), 1 + rng.int(4)];
    const filterShape: ConvCase['filterShape'] = [fh, fw, xShape[3], 1 + rng.int(5)];
    const dimRoundingMode =
      kind === 'number' ? pick(rng, [undefined, 'floor', 'round', 'ceil'] as const) : undefined;
    const c: ConvCase = {
      xShape,
      filterShape,
      strides,
      dilations,
      pad,
      ...(dimRoundingMode ? { dimRoundingMode } : {}),
    };
    try {
      const info = tf.backend_util.computeConv2DInfo(
        xShape,
        filterShape,
        strides,
        dilations,
        pad,
        dimRoundingMode,
      );
      if (info.outHeight >= 1 && info.outWidth >= 1) cases.push(c);
    } catch {
      // tfjs rejects this combination (e.g. rounding mode with a non-integer output): draw again
    }
  }
  return cases;
}

export function convInfo(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    c.xShape,
    c.filterShape,
    c.strides,
    c.dilations,
    c.pad,
    c.dimRoundingMode,
  );
}

export function label(c: ConvCase): string {
  return `x${JSON.stringify(c.xShape)} w${JSON.stringify(c.filterShape)} s${c.strides} d${c.dilations} pad ${JSON.stringify(c.pad)}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''}`;
}

export function randomValues(rng: Rng, n: number, integers = false): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = integers ? rng.int(5) - 2 : rng.range(-1, 1);
  return out;
}

/** Runs `fn` with the stock cpu kernels (ours uninstalled), then puts ours back if they were installed. */
export async function withStockCpu<T>(fn: () => T): Promise<T> {
  uninstallKernels('cpu');
  await tf.setBackend('cpu');
  try {
    return fn();
  } finally {
    installKernels('cpu');
  }
}

/** Runs one kernel by name on the active backend and returns its values. */
export function run(
  name: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, unknown>,
): Float32Array {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

export function expectClose(actual: Float32Array, expected: Float32Array | Float64Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const err = Number.isNaN(e) ? (Number.isNaN(a) ? 0 : Infinity) : Math.abs(a - e);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `${what}: worst error ${worst} at ${at} (scale ${scale})`).toBeLessThanOrEqual(1e-4 * scale);
}

/** Direct float64 evaluation of the three convolutions from their definition (for dilated cases). */
export function naiveConv(g: ConvGeometry) {
  const xi = (n: number, h: number, w: number, c: number) =>
    ((n * g.inHeight + h) * g.inWidth + w) * g.inChannels + c;
  const yi = (n: number, h: number, w: number, c: number) =>
    ((n * g.outHeight + h) * g.outWidth + w) * g.outChannels + c;
  const wi = (h: number, w: number, ci: number, co: number) =>
    ((h * g.filterWidth + w) * g.inChannels + ci) * g.outChannels + co;
  const each = (f: (x: number, y: number, w: number) => void): void => {
    for (let n = 0; n < g.batch; n++)
      for (let oh = 0; oh < g.outHeight; oh++)
        for (let ow = 0; ow < g.outWidth; ow++)
          for (let fh = 0; fh < g.filterHeight; fh++)
            for (let fw = 0; fw < g.filterWidth; fw++) {
              const ih = oh * g.strideHeight + fh * g.dilationHeight - g.padTop;
              const iw = ow * g.strideWidth + fw * g.dilationWidth - g.padLeft;
              if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
              for (let ci = 0; ci < g.inChannels; ci++)
                for (let co = 0; co < g.outChannels; co++)
                  f(xi(n, ih, iw, ci), yi(n, oh, ow, co), wi(fh, fw, ci, co));
            }
  };
  return {
    forward(x: Float32Array, w: Float32Array): Float64Array {
      const y = new Float64Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
      each((a, b, c) => (y[b] = (y[b] as number) + (x[a] as number) * (w[c] as number)));
      return y;
    },
    backpropInput(dy: Float32Array, w: Float32Array): Float64Array {
      const dx = new Float64Array(g.batch * g.inHeight * g.inWidth * g.inChannels);
      each((a, b, c) => (dx[a] = (dx[a] as number) + (dy[b] as number) * (w[c] as number)));
      return dx;
    },
    backpropFilter(x: Float32Array, dy: Float32Array): Float64Array {
      const dw = new Float64Array(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
      each((a, b, c) => (dw[c] = (dw[c] as number) + (x[a] as number) * (dy[b] as number)));
      return dw;
    },
  };
}
