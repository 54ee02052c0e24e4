import type { Shape } from '../../analysis/types';

/** 93322 → `93,322` (fixed to en-US grouping so tests and the CLI agree on every machine). */
export function fmtInt(n: number): string {
  const digits = Math.abs(Math.trunc(n)).toString();
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    out = end - 3 > 0 ? `,${digits.slice(end - 3, end)}${out}` : `${digits.slice(0, end)}${out}`;
  }
  return (n < 0 ? '-' : '') + out;
}

/** [28, 28, 32] → `28×28×32`; [576] → `576`. */
export function shapeText(shape: Shape | null): string {
  return shape === null ? '?' : shape.join('×');
}

/** A product of factors written out, e.g. `3·3·32·64`. */
export function dot(...factors: readonly number[]): string {
  return factors.join('·');
}

export function product(values: readonly number[]): number {
  let p = 1;
  for (const v of values) p *= v;
  return p;
}
