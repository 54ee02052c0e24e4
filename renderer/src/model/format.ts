import type { Shape } from '../../../shared/analysis/types';

/** Display formatting shared by nodes, edges, the totals bar and the Summary tab. */
const intFormat = new Intl.NumberFormat('en-US');

/** `93322` → `93,322`. */
export const formatInt = (n: number): string => intFormat.format(Math.round(n));

/** `[28, 28, 32]` → `28×28×32`; null (not computable) → `?`. */
export const formatShape = (shape: Shape | null | undefined): string =>
  shape == null ? '?' : shape.length === 0 ? 'scalar' : shape.join('×');

/** Keras writes `(None, 28, 28, 32)`; the Summary tab follows it so the seeds' tables read the same. */
export const formatKerasShape = (shape: Shape | null | undefined): string =>
  shape == null ? '?' : `(None, ${shape.join(', ')})`;

/** 1234567 → `1.23 M` for totals where exact digits do not help. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return formatInt(n);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** `1 error`, `2 errors`, `0 errors`: a count with its noun in the right number (irregular plurals passed in). */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatInt(n)} ${n === 1 ? one : many}`;
