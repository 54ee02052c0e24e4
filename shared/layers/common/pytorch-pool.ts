import type { Shape } from '../../analysis/types';
import type { InferResult, KerasLayerDraft } from '../types';
import type { PoolParams } from './pool';
import { pair } from './params';
import { axisPads } from './window';
import { NO_PARAMS } from './rank';

/**
 * PyTorch's pooling options on max and min pooling: ceil_mode and padding that never wins. Built as Stride's
 * own StridePool2D (tfjs has neither): explicit pads of zeros or ±∞, the extra rows/columns ceil mode reaches
 * past the input as ±∞ (ignored, as PyTorch ignores them), then a 'valid' window.
 */

/** One axis under PyTorch's ceil_mode: O = ⌈(N + P_b + P_a − K)/S⌉ + 1, less one if the last window would
 * start at or past N + P_b (PyTorch: it must start inside the input or the left padding). */
export function ceilAxis(size: number, kernel: number, stride: number, before: number, after: number) {
  const span = size + before + after - kernel;
  const rounded = Math.ceil(span / stride) + 1;
  const dropped = rounded > 1 && (rounded - 1) * stride >= size + before;
  const out = dropped ? rounded - 1 : rounded;
  /** Rows/columns the last window reaches past the padded input (ignored cells). */
  const extra = Math.max(0, (out - 1) * stride + kernel - (size + before + after));
  return { span, rounded, dropped, out, extra };
}

/** Whether a max/min pooling needs StridePool2D (a PyTorch option that changes what tfjs computes). */
export function usesPytorchPool(p: PoolParams): boolean {
  if (p.ceilMode === true) return true;
  return p.ignorePadding === true && p.padding !== 'valid' && p.padding !== 'same';
}

/** [top, bottom, left, right] of an explicit, 'full' or 'valid' padding on this input. */
export function resolvedPads(p: PoolParams, input: Shape): [number, number, number, number] {
  const [kh, kw] = pair(p.size);
  const [sh, sw] = pair(p.stride);
  const [t, b] = axisPads(p.padding, 0, input[0] ?? 0, kh, sh);
  const [l, r] = axisPads(p.padding, 1, input[1] ?? 0, kw, sw);
  return [t, b, l, r];
}

const MINUS = '−';
const num = (n: number) => (n < 0 ? `${MINUS}${-n}` : `${n}`);

export function inferCeilPool(p: PoolParams, x: readonly [number, number, number], inf: string): InferResult {
  const [h, w, c] = x;
  if (p.padding === 'same') {
    return {
      shape: null,
      diagnostics: [
        {
          code: 'POOL_CEIL_MODE_SAME',
          severity: 'error',
          message:
            "Ceil mode rounds up over explicit padding, as PyTorch's ceil_mode; 'same' already sets the output to ⌈N/S⌉.",
          fix: 'Use padding valid or a number P with ceil mode, or turn ceil mode off.',
        },
      ],
    };
  }
  const [t, b, l, r] = resolvedPads(p, x);
  const [kh, kw] = pair(p.size);
  const [sh, sw] = pair(p.stride);
  const axes = [
    { name: 'H', size: h, k: kh, s: sh, before: t, after: b, ...ceilAxis(h, kh, sh, t, b) },
    { name: 'W', size: w, k: kw, s: sw, before: l, after: r, ...ceilAxis(w, kw, sw, l, r) },
  ];
  const formulas: string[] = [];
  for (const a of axes) {
    const pads = a.before === a.after ? `2·${a.before}` : `${a.before} + ${a.after}`;
    const head = `${a.name}: ⌈(${a.size} + ${pads} ${MINUS} ${a.k})/${a.s}⌉ + 1 = ${num(a.rounded)}`;
    formulas.push(
      a.dropped
        ? `${head}; the last window would start at (${a.rounded} ${MINUS} 1)·${a.s} = ${(a.rounded - 1) * a.s} ≥ ${a.size} + ${a.before}, past the input (PyTorch drops it): ${a.out} (ceil_mode)`
        : `${head} (ceil_mode: the last window starts at ${(a.out - 1) * a.s} < ${a.size} + ${a.before}, inside the input)`,
    );
    if (a.extra > 0)
      formulas.push(
        `${a.name}: the last window reaches ${a.extra} ${a.name === 'H' ? 'row' : 'column'}${a.extra === 1 ? '' : 's'} past the input; ${a.extra === 1 ? 'it is' : 'they are'} ${inf} and never win${a.extra === 1 ? 's' : ''}`,
      );
  }
  if (p.ignorePadding === true && t + b + l + r > 0)
    formulas.push(`padded cells are ${inf}: they never win (PyTorch)`);
  formulas.push(`channels: ${c} (pooling keeps the depth)`);
  const bad = axes.find((a) => a.out <= 0);
  if (bad !== undefined) {
    return {
      shape: null,
      formulas,
      diagnostics: [
        {
          code: 'SHAPE_NONPOSITIVE',
          severity: 'error',
          message: `${bad.name}: the ${bad.k}-wide window does not fit in ${bad.size + bad.before + bad.after} (${bad.size} input + ${bad.before + bad.after} padding), so the output ${bad.name} is ${num(bad.out)}.`,
          fix: `Use a pool size of at most ${bad.size + bad.before + bad.after}, or more padding.`,
        },
      ],
    };
  }
  const [ah, aw] = axes as [(typeof axes)[0], (typeof axes)[0]];
  return {
    shape: [ah.out, aw.out, c],
    params: NO_PARAMS,
    macs: 0,
    window: { kernel: [kh, kw], stride: [sh, sw] },
    formulas,
  };
}

/** The StridePool2D layer of a max/min pooling with PyTorch's options (pads resolved for this input). */
export function pytorchPool(p: PoolParams, input: Shape, mode: 'max' | 'min'): KerasLayerDraft {
  return {
    className: 'StridePool2D',
    config: {
      mode,
      poolSize: [...pair(p.size)],
      strides: [...pair(p.stride)],
      pads: resolvedPads(p, input),
      ceilMode: p.ceilMode === true,
      ignorePadding: p.ignorePadding === true,
    },
  };
}

/**
 * What StridePool2D computes per axis, from its config and input size: the output and the ±∞ rows/columns
 * after the explicit padding (ceil mode's overhang; 0 with floor rounding).
 */
export function stridePoolAxis(
  size: number,
  kernel: number,
  stride: number,
  before: number,
  after: number,
  ceil: boolean,
) {
  if (ceil) {
    const a = ceilAxis(size, kernel, stride, before, after);
    return { out: a.out, extra: a.extra };
  }
  return { out: Math.floor((size + before + after - kernel) / stride) + 1, extra: 0 };
}
