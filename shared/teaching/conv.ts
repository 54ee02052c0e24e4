import type { ActivationName, Padding, Size2 } from '../layers/common/params';
import { pair } from '../layers/common/params';
import { slideWindow, type WindowResult } from '../layers/common/window';
import { fmtInt } from '../layers/common/format';
import { activate } from './activation';
import { cell, factor, fmt, joinSum, volumeOf, volumeShape, type Volume } from './grid';

/**
 * The convolution explainer's arithmetic: where each window sits, which input values meet which weights, the
 * multiply-adds written out, and the whole output. The window geometry (padding valid/same/full/P, stride,
 * dilation) is the layer catalog's own `slideWindow`, so the lesson and the analysis of a real network can never
 * disagree about a size. Padding is zeros, as Stride builds explicit padding (ZeroPadding2D) and as 'same' pads.
 */
export interface ConvProblem {
  /** input[c][y][x] */
  readonly input: Volume;
  /** filters[f][c][ky][kx]: F filters, each C/groups deep. */
  readonly filters: readonly Volume[];
  /**
   * G: the input's channels and the filters split into G groups; a filter sees only its group's C/G channels
   * (grouped convolution; G = C is a depthwise convolution). Default 1: every filter sees every channel.
   */
  readonly groups?: number;
  /** One bias per filter, or null for a convolution without bias. */
  readonly bias: readonly number[] | null;
  readonly stride: Size2;
  readonly padding: Padding;
  readonly dilation: Size2;
  /** Applied after the sum (default linear). */
  readonly activation?: ActivationName;
}

export interface ConvGeometry {
  /** C: the input's channels. */
  readonly channels: number;
  /** G, dividing C and F (1 when the problem's groups do not). */
  readonly groups: number;
  /** C/G: the depth of every filter. */
  readonly filterDepth: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** [top, bottom, left, right] zeros around the input. */
  readonly pads: readonly [number, number, number, number];
  readonly outH: number;
  readonly outW: number;
  /** The per-axis window maths, its worked formulas and its diagnostics (a window that does not fit …). */
  readonly window: WindowResult;
}

export function convGeometry(p: ConvProblem): ConvGeometry {
  const [channels, height, width] = volumeShape(p.input);
  const first = p.filters[0];
  const [, kh, kw] = first === undefined ? [0, 1, 1] : volumeShape(first);
  const window = slideWindow(
    { kernel: [kh, kw], stride: p.stride, dilation: p.dilation, padding: p.padding },
    height,
    width,
  );
  const groups = validGroups(p.groups ?? 1, channels, p.filters.length) ? (p.groups ?? 1) : 1;
  return {
    channels,
    groups,
    filterDepth: channels / groups,
    height,
    width,
    filters: p.filters.length,
    kernel: [kh, kw],
    stride: pair(p.stride),
    dilation: pair(p.dilation),
    pads: window.pads,
    outH: Math.max(0, window.h.out),
    outW: Math.max(0, window.w.out),
    window,
  };
}

/** Whether G splits C channels and F filters evenly (what a grouped convolution needs). */
export const validGroups = (groups: number, channels: number, filters: number): boolean =>
  Number.isInteger(groups) && groups >= 1 && channels % groups === 0 && filters % groups === 0;

/** The group of filter f: filters come in G runs of F/G. */
export const groupOf = (g: ConvGeometry, filter: number): number =>
  Math.floor(filter / Math.max(1, g.filters / g.groups));

/** The input channels filter f reads: its group's C/G, in order. */
export function channelsOf(g: ConvGeometry, filter: number): readonly number[] {
  const group = groupOf(g, filter);
  return Array.from({ length: g.filterDepth }, (_, c) => group * g.filterDepth + c);
}

/** The input with its zero padding, as the lecture notes draw it (seed 000's 6×6 for a 4×4 input, P = 1). */
export function paddedInput(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Volume {
  const [t, b, l, r] = g.pads;
  return volumeOf(g.channels, g.height + t + b, g.width + l + r, (c, y, x) =>
    y < t || x < l || y >= t + g.height || x >= l + g.width ? 0 : cell(p.input[c], y - t, x - l),
  );
}

/** One multiply of a step: where the input value sits (padded coordinates), which weight it meets. */
export interface ConvTerm {
  /** The input channel (with groups, the filter's own channel is c − its group's first). */
  readonly c: number;
  /** Row and column in the padded input. */
  readonly y: number;
  readonly x: number;
  readonly ky: number;
  readonly kx: number;
  readonly input: number;
  readonly weight: number;
  /** True when the input value is padding (a zero outside the real input). */
  readonly pad: boolean;
}

export interface ConvStep {
  readonly filter: number;
  readonly oy: number;
  readonly ox: number;
  /** Channel by channel, then row by row of the kernel (the order im2col lays a window out). */
  readonly terms: readonly ConvTerm[];
  /** The input channels this filter reads (all of them unless the convolution is grouped). */
  readonly channels: readonly number[];
  /** Σ of each of those channels' terms, in the same order. */
  readonly channelSums: readonly number[];
  readonly bias: number | null;
  /** Σ terms + bias, before the activation. */
  readonly sum: number;
  /** After the activation: the output value. */
  readonly value: number;
}

/** Top-left corner of the window of output (oy, ox) in padded coordinates. */
export const windowOrigin = (g: ConvGeometry, oy: number, ox: number): readonly [number, number] => [
  oy * g.stride[0],
  ox * g.stride[1],
];

export function convStep(
  p: ConvProblem,
  filter: number,
  oy: number,
  ox: number,
  g: ConvGeometry = convGeometry(p),
): ConvStep {
  const [t, , l] = g.pads;
  const [y0, x0] = windowOrigin(g, oy, ox);
  const weights = p.filters[filter];
  const terms: ConvTerm[] = [];
  const channelSums: number[] = [];
  const channels = channelsOf(g, filter);
  for (const [k, c] of channels.entries()) {
    let s = 0;
    for (let ky = 0; ky < g.kernel[0]; ky += 1) {
      for (let kx = 0; kx < g.kernel[1]; kx += 1) {
        const y = y0 + ky * g.dilation[0];
        const x = x0 + kx * g.dilation[1];
        const iy = y - t;
        const ix = x - l;
        const pad = iy < 0 || ix < 0 || iy >= g.height || ix >= g.width;
        const input = pad ? 0 : cell(p.input[c], iy, ix);
        const weight = cell(weights?.[k], ky, kx);
        terms.push({ c, y, x, ky, kx, input, weight, pad });
        s += input * weight;
      }
    }
    channelSums.push(s);
  }
  const bias = p.bias === null ? null : (p.bias[filter] ?? 0);
  const sum = channelSums.reduce((a, b) => a + b, 0) + (bias ?? 0);
  return {
    filter,
    oy,
    ox,
    terms,
    channels,
    channelSums,
    bias,
    sum,
    value: activate(p.activation ?? 'linear', sum),
  };
}

/** Σ input·weight + bias of one output position, before the activation (no per-term records: for whole maps). */
export function convSum(p: ConvProblem, filter: number, oy: number, ox: number, g: ConvGeometry): number {
  const [t, , l] = g.pads;
  const [y0, x0] = windowOrigin(g, oy, ox);
  const weights = p.filters[filter];
  let s = p.bias === null ? 0 : (p.bias[filter] ?? 0);
  for (const [k, c] of channelsOf(g, filter).entries()) {
    const plane = p.input[c];
    const kernel = weights?.[k];
    for (let ky = 0; ky < g.kernel[0]; ky += 1) {
      const iy = y0 + ky * g.dilation[0] - t;
      if (iy < 0 || iy >= g.height) continue;
      const row = plane?.[iy];
      const krow = kernel?.[ky];
      for (let kx = 0; kx < g.kernel[1]; kx += 1) {
        const ix = x0 + kx * g.dilation[1] - l;
        if (ix < 0 || ix >= g.width) continue;
        s += (row?.[ix] ?? 0) * (krow?.[kx] ?? 0);
      }
    }
  }
  return s;
}

/** The whole output, out[f][oy][ox] (after the activation). */
export function convOutput(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Volume {
  const act = p.activation ?? 'linear';
  return volumeOf(g.filters, g.outH, g.outW, (f, oy, ox) => activate(act, convSum(p, f, oy, ox, g)));
}

/** Steps run filter by filter, each over the output row by row: index ↔ (filter, oy, ox). */
export const stepCount = (g: ConvGeometry): number => g.filters * g.outH * g.outW;

export function stepAt(g: ConvGeometry, index: number): { filter: number; oy: number; ox: number } {
  const per = g.outH * g.outW;
  const i = Math.max(0, Math.min(Math.max(0, stepCount(g) - 1), index));
  const filter = per === 0 ? 0 : Math.floor(i / per);
  const rest = per === 0 ? 0 : i % per;
  return { filter, oy: g.outW === 0 ? 0 : Math.floor(rest / g.outW), ox: g.outW === 0 ? 0 : rest % g.outW };
}

export const stepIndex = (g: ConvGeometry, filter: number, oy: number, ox: number): number =>
  filter * g.outH * g.outW + oy * g.outW + ox;

/** What a step writes out: one line per channel when the input has several, then the total. */
export interface WrittenStep {
  /** Per channel: its products `1·2 + 2·0 + …` and their sum. */
  readonly channels: readonly { readonly channel: number; readonly products: string; readonly sum: string }[];
  /**
   * The whole sum: the products (one channel), the channel sums (up to MAX_LISTED channels), or for deeper
   * inputs their total; then the bias and ` = value`.
   */
  readonly text: string;
  /** True when `text` starts from the total of the channel sums instead of listing them. */
  readonly totalled: boolean;
  /** `relu(−3) = 0` when an activation changes the sum, else null. */
  readonly activation: string | null;
}

/** Channel sums listed one by one in the total; deeper inputs are totalled first. */
export const MAX_LISTED = 8;

export function writeStep(step: ConvStep, activation: ActivationName = 'linear', digits = 3): WrittenStep {
  const channels = step.channelSums.map((sum, k) => {
    const channel = step.channels[k] ?? k;
    return {
      channel,
      products: joinSum(
        step.terms
          .filter((t) => t.c === channel)
          .map((t) => `${factor(t.input, digits)}·${factor(t.weight, digits)}`),
      ),
      sum: fmt(sum, digits),
    };
  });
  const bias = step.bias === null ? [] : [fmt(step.bias, digits)];
  const totalled = channels.length > MAX_LISTED;
  const parts =
    channels.length === 1
      ? [channels[0]?.products ?? '0']
      : totalled
        ? [fmt(step.sum - (step.bias ?? 0), digits)]
        : channels.map((c) => c.sum);
  const text = `${joinSum([...parts, ...bias])} = ${fmt(step.sum, digits)}`;
  const changed = activation !== 'linear' && activation !== 'softmax';
  return {
    channels,
    text,
    totalled,
    activation: changed ? `${activation}(${fmt(step.sum, digits)}) = ${fmt(step.value, digits)}` : null,
  };
}

/** A filter's depth as the formulas write it: `C`, or `(C/G)` with groups (symbols and numbers). */
const depthTerm = (g: ConvGeometry) =>
  g.groups === 1
    ? { symbol: 'C', value: `${g.channels}` }
    : { symbol: '(C/G)', value: `(${g.channels}/${g.groups})` };

/** Multiply-adds of one image worked out: `OH·OW·FH·FW·C·F = …`, or with (C/G) when grouped. */
export function convMacsText(g: ConvGeometry): { text: string; total: number } {
  const total = g.outH * g.outW * g.kernel[0] * g.kernel[1] * g.filterDepth * g.filters;
  const depth = depthTerm(g);
  return {
    text: `OH·OW·FH·FW·${depth.symbol}·F = ${g.outH}·${g.outW}·${g.kernel[0]}·${g.kernel[1]}·${depth.value}·${g.filters} = ${fmtInt(total)}`,
    total,
  };
}

/** Parameters of the layer worked out: `FH·FW·C·F + F = N`, or `FH·FW·(C/G)·F + F` with groups. */
export function convParamsText(g: ConvGeometry, bias: boolean): { text: string; total: number } {
  const weights = g.kernel[0] * g.kernel[1] * g.filterDepth * g.filters;
  const total = weights + (bias ? g.filters : 0);
  const depth = depthTerm(g).value;
  const product = `${g.kernel[0]}·${g.kernel[1]}·${depth}·${g.filters}`;
  return {
    text: `${product}${bias ? ` + ${g.filters}` : ''} = ${fmtInt(total)}`,
    total,
  };
}
