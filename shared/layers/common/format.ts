import type { Shape } from '../../analysis/types';

/** 93322 → `93,322` (fixed to en-US grouping so tests and the CLI agree on every machine). */
export function fmtInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = Math.abs(Math.trunc(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
