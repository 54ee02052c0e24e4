/**
 * The explainers' data: small numeric grids, channels-first as the lecture notes draw them ([c][y][x]), and the
 * way numbers are written in the worked sums. Pure and tiny so every lesson, test and view agrees on them.
 */
export type Grid = readonly (readonly number[])[];
/** Channels-first volume: volume[c][y][x]. */
export type Volume = readonly Grid[];

export function gridOf(h: number, w: number, at: (y: number, x: number) => number): number[][] {
  return Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => at(y, x)));
}

export function volumeOf(
  c: number,
  h: number,
  w: number,
  at: (c: number, y: number, x: number) => number,
): number[][][] {
  return Array.from({ length: c }, (_, k) => gridOf(h, w, (y, x) => at(k, y, x)));
}

/** [C, H, W] of a volume (0 where it is empty). */
export function volumeShape(v: Volume): readonly [number, number, number] {
  const first = v[0] ?? [];
  return [v.length, first.length, first[0]?.length ?? 0];
}

export const cell = (g: Grid | undefined, y: number, x: number): number => g?.[y]?.[x] ?? 0;

const MINUS = '−';

/**
 * A number as the worked sums write it: integers plainly, others with up to `digits` decimals and no trailing
 * zeros; negative numbers with a real minus sign. `-0` is written 0.
 */
export function fmt(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? `${MINUS}∞` : 'NaN';
  const rounded = Number(n.toFixed(digits));
  if (rounded === 0) return '0';
  const text = String(Math.abs(rounded));
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/** A factor inside a product: negatives in parentheses, `2·(−1)`. */
export function factor(n: number, digits = 3): string {
  const text = fmt(n, digits);
  return text.startsWith(MINUS) ? `(${text})` : text;
}

/** `a + b + (−c)` → written with the minus folded in: `a + b − c`. */
export function joinSum(parts: readonly string[]): string {
  let out = '';
  parts.forEach((p, i) => {
    if (i === 0) out = p;
    else if (p.startsWith(MINUS)) out += ` ${MINUS} ${p.slice(1)}`;
    else out += ` + ${p}`;
  });
  return out;
}
