import type { DiagnosticDraft } from '../layers/types';
import { kerasPadding } from '../layers/common/keras';
import type { Padding, Size2 } from '../layers/common/params';
import { pair } from '../layers/common/params';
import { inferCeilPool, stridePoolAxis } from '../layers/common/pytorch-pool';
import { axisPads, slideWindow } from '../layers/common/window';
import { cell, fmt, joinSum, volumeOf, volumeShape, type Volume } from './grid';

/**
 * The pooling explainer's arithmetic: max, average or min of each window, channel by channel, with nothing to
 * learn. Padding follows what Stride trains: pads that are exactly TensorFlow's 'same' are left out of the window
 * (a max never sees them, an average divides by the real cells only), while any other explicit padding is built
 * as ZeroPadding2D, so its zeros take part like any other value. Max and min pooling also take PyTorch's two
 * options as Stride's layer does: ceil mode (the output rounds up; the cells the last window reaches past the
 * padded input never win) and padding that never wins (−∞ for max, +∞ for min).
 */
export const POOL_MODES = ['max', 'avg', 'min'] as const;
export type PoolMode = (typeof POOL_MODES)[number];

export interface PoolProblem {
  /** input[c][y][x] */
  readonly input: Volume;
  readonly mode: PoolMode;
  readonly size: Size2;
  readonly stride: Size2;
  readonly padding: Padding;
  /**
   * How padding cells take part, when not decided by the padding itself: an explainer cut out of a 'same'
   * layer keeps 'excluded' though its local pads are explicit.
   */
  readonly padCells?: 'zeros' | 'excluded';
  /** PyTorch's ceil_mode (max and min pooling; not with 'same'). */
  readonly ceilMode?: boolean;
  /** Explicit padding that never wins, as PyTorch pads a max pooling (max and min pooling). */
  readonly ignorePadding?: boolean;
  /**
   * A problem cut out of a ceil-mode layer: of its explicit bottom and right pads, the rows/columns that are the
   * layer's overhang (never counted, while the other padding cells follow `padCells`).
   */
  readonly overhang?: readonly [number, number];
}

export interface PoolGeometry {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  /** [top, bottom, left, right] around the input, ceil mode's overhang included in bottom and right. */
  readonly pads: readonly [number, number, number, number];
  /** Of pads' bottom and right: the rows/columns ceil mode reaches past the padding (never counted). */
  readonly overhang: readonly [number, number];
  /** 'zeros': padding cells count as 0; 'excluded': they are not part of any window ('same', −∞ padding). */
  readonly padCells: 'zeros' | 'excluded';
  readonly ceilMode: boolean;
  readonly outH: number;
  readonly outW: number;
  /** The output size worked out per axis, as the layer's analysis writes it. */
  readonly formulas: readonly string[];
  readonly diagnostics: readonly DiagnosticDraft[];
}

export function poolGeometry(p: PoolProblem): PoolGeometry {
  const [channels, height, width] = volumeShape(p.input);
  const size = pair(p.size);
  const stride = pair(p.stride);
  const explicit = p.padding !== 'valid' && p.padding !== 'same';
  const excluded = p.padCells ?? (p.ignorePadding === true && explicit ? 'excluded' : undefined);
  const common = { channels, height, width, size, stride };
  if (p.ceilMode === true && p.padding !== 'same') {
    const [t, b] = axisPads(p.padding, 0, height, size[0], stride[0]);
    const [l, r] = axisPads(p.padding, 1, width, size[1], stride[1]);
    const h = stridePoolAxis(height, size[0], stride[0], t, b, true);
    const w = stridePoolAxis(width, size[1], stride[1], l, r, true);
    const inferred = inferCeilPool(
      {
        size: [size[0], size[1]],
        stride: [stride[0], stride[1]],
        padding: p.padding,
        ceilMode: true,
        ignorePadding: p.ignorePadding === true,
      },
      [height, width, channels],
      p.mode === 'min' ? '+∞' : '−∞',
    );
    return {
      ...common,
      pads: [t, b + h.extra, l, r + w.extra],
      overhang: [h.extra, w.extra],
      padCells: excluded ?? 'zeros',
      ceilMode: true,
      outH: Math.max(0, h.out),
      outW: Math.max(0, w.out),
      formulas: inferred.formulas ?? [],
      diagnostics: inferred.diagnostics ?? [],
    };
  }
  const window = slideWindow({ kernel: p.size, stride: p.stride, padding: p.padding }, height, width);
  const built = kerasPadding(p.padding, [height, width], p.size, p.stride);
  return {
    ...common,
    pads: window.pads,
    overhang: explicit ? (p.overhang ?? [0, 0]) : [0, 0],
    padCells: excluded ?? (built.padding === 'same' && built.pre.length === 0 ? 'excluded' : 'zeros'),
    ceilMode: false,
    outH: Math.max(0, window.h.out),
    outW: Math.max(0, window.w.out),
    formulas: window.formulas,
    diagnostics: window.diagnostics,
  };
}

export interface PoolCell {
  /** Row and column in the padded input. */
  readonly y: number;
  readonly x: number;
  readonly value: number;
  readonly pad: boolean;
  /** False for a padding cell no pooling sees ('same', −∞ padding, ceil mode's overhang). */
  readonly counted: boolean;
}

export interface PoolStep {
  readonly channel: number;
  readonly oy: number;
  readonly ox: number;
  readonly cells: readonly PoolCell[];
  /** Index into `cells` of the value a max/min keeps (the first when tied); null for an average. */
  readonly chosen: number | null;
  readonly value: number;
}

export function poolStep(
  p: PoolProblem,
  channel: number,
  oy: number,
  ox: number,
  g: PoolGeometry = poolGeometry(p),
): PoolStep {
  const [t, b, l, r] = g.pads;
  const cells: PoolCell[] = [];
  for (let ky = 0; ky < g.size[0]; ky += 1) {
    for (let kx = 0; kx < g.size[1]; kx += 1) {
      const y = oy * g.stride[0] + ky;
      const x = ox * g.stride[1] + kx;
      const pad = y - t < 0 || x - l < 0 || y - t >= g.height || x - l >= g.width;
      const value = pad ? 0 : cell(p.input[channel], y - t, x - l);
      const overhang = y >= t + g.height + b - g.overhang[0] || x >= l + g.width + r - g.overhang[1];
      cells.push({ y, x, value, pad, counted: !pad || (g.padCells === 'zeros' && !overhang) });
    }
  }
  const counted = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.counted);
  if (p.mode === 'avg') {
    const sum = counted.reduce((s, { c }) => s + c.value, 0);
    return { channel, oy, ox, cells, chosen: null, value: counted.length === 0 ? 0 : sum / counted.length };
  }
  let chosen: number | null = null;
  for (const { c, i } of counted) {
    const best = chosen === null ? null : (cells[chosen]?.value ?? 0);
    if (best === null || (p.mode === 'max' ? c.value > best : c.value < best)) chosen = i;
  }
  return { channel, oy, ox, cells, chosen, value: chosen === null ? 0 : (cells[chosen]?.value ?? 0) };
}

/** `max(1, 2, 0, 1) = 2`, `min(…) = 0`, `(1 + 2 + 0 + 1)/4 = 1`. */
export function writePoolStep(step: PoolStep, mode: PoolMode, digits = 3): string {
  const values = step.cells.filter((c) => c.counted).map((c) => fmt(c.value, digits));
  if (mode === 'avg') return `(${joinSum(values)})/${values.length} = ${fmt(step.value, digits)}`;
  return `${mode}(${values.join(', ')}) = ${fmt(step.value, digits)}`;
}

export function poolOutput(p: PoolProblem, g: PoolGeometry = poolGeometry(p)): Volume {
  return volumeOf(g.channels, g.outH, g.outW, (c, oy, ox) => poolStep(p, c, oy, ox, g).value);
}

/** Steps run channel by channel, each over the output row by row. */
export const poolStepCount = (g: PoolGeometry): number => g.channels * g.outH * g.outW;

export function poolStepAt(g: PoolGeometry, index: number): { channel: number; oy: number; ox: number } {
  const per = g.outH * g.outW;
  const i = Math.max(0, Math.min(Math.max(0, poolStepCount(g) - 1), index));
  const rest = per === 0 ? 0 : i % per;
  return {
    channel: per === 0 ? 0 : Math.floor(i / per),
    oy: g.outW === 0 ? 0 : Math.floor(rest / g.outW),
    ox: g.outW === 0 ? 0 : rest % g.outW,
  };
}
