import type { Padding } from '../layers/common/params';
import { axisFormula, slideWindow } from '../layers/common/window';
import { fmt } from './grid';

/**
 * The feature-map size exercise: O = (N + 2P − F)/S + 1 for one axis, worked out with the numbers. When the
 * division is not exact the lecture's table says the filter "does not fit"; a framework floors it, and the
 * rows or columns past the last window are never read. Both are shown: the exact quotient and what is built.
 */
export interface SizeRow {
  readonly n: number;
  readonly f: number;
  readonly padding: Padding;
  readonly s: number;
  readonly d: number;
  /** What a framework builds: ⌊(N + P_before + P_after − F_eff)/S⌋ + 1. */
  readonly out: number;
  /** (N + 2P − F)/S + 1 before the floor. */
  readonly exactValue: number;
  readonly exact: boolean;
  /** `(7 + 2·0 − 3)/2 + 1 = 3`, `⌊(7 + 2·0 − 3)/3⌋ + 1 = 2` (the analysis' own wording). */
  readonly formula: string;
  /** `(7 + 2·0 − 3)/3 + 1 = 2.33` (the quotient as a fraction, before flooring). */
  readonly fraction: string;
  /** Input rows at the end that no window reads (0 when the stride fits). */
  readonly dropped: number;
}

export function sizeRow(spec: {
  readonly n: number;
  readonly f: number;
  readonly padding: Padding;
  readonly s: number;
  readonly d?: number;
}): SizeRow {
  const d = spec.d ?? 1;
  const win = slideWindow(
    { kernel: spec.f, stride: spec.s, dilation: d, padding: spec.padding },
    spec.n,
    spec.n,
  );
  const a = win.h;
  const span = a.size + a.padBefore + a.padAfter - a.kernelEff;
  const exactValue = span / a.stride + 1;
  const pads = a.padBefore === a.padAfter ? `2·${a.padBefore}` : `${a.padBefore} + ${a.padAfter}`;
  return {
    n: spec.n,
    f: spec.f,
    padding: spec.padding,
    s: spec.s,
    d,
    out: a.out,
    exactValue,
    exact: span % a.stride === 0,
    formula: axisFormula(a),
    fraction: `(${a.size} + ${pads} − ${a.kernelEff})/${a.stride} + 1 = ${fmt(exactValue, 2)}`,
    dropped: Math.max(0, a.remainder - a.padAfter),
  };
}

/** One row per stride: seed 003's table is `strideTable(7, 3, 0, [1, 2, 3])` → 5, 3, 2.33 (floored to 2). */
export function strideTable(n: number, f: number, padding: Padding, strides: readonly number[]): SizeRow[] {
  return strides.map((s) => sizeRow({ n, f, padding, s }));
}
