import type { ActivationName, Padding } from '../../../../shared/layers/common/params';
import type { ConvProblem } from '../../model/teaching';
import { CONV_FILTER, CONV_INPUT } from '../../model/teaching';
import type { ConvSetup } from '../../model/teaching';
import { validGroups, volumeShape, type Volume } from '../../model/teaching';
import { resizeVolume, sampleVolume } from '../../model/teaching';

/**
 * The convolution lesson's editable problem. It opens on the lecture notes' example, or on a node's sizes with
 * small sample numbers (the grid is cut to at most MAX_SIDE×MAX_SIDE so it stays readable; channels and filters
 * are the layer's own, up to MAX_DEPTH). Every edit goes through these functions, which keep the volumes
 * rectangular and as deep as the filters.
 */
export const MAX_SIDE = 12;
export const MAX_DEPTH = 64;
export const LIMITS = {
  side: 16,
  kernel: 7,
  channels: 8,
  filters: 8,
  stride: 4,
  dilation: 3,
  pad: 4,
} as const;

export interface ConvState {
  readonly input: Volume;
  readonly filters: readonly Volume[];
  readonly bias: readonly number[] | null;
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  readonly dilation: readonly [number, number];
  /** G: filters see C/G channels each (1: every channel; C: depthwise). Always divides C and F. */
  readonly groups: number;
  readonly activation: ActivationName;
  /** Sample numbers are drawn from this seed (new values: a new seed). */
  readonly seed: number;
}

export const toProblem = (s: ConvState): ConvProblem => ({
  input: s.input,
  filters: s.filters,
  bias: s.bias,
  stride: [s.stride[0], s.stride[1]],
  padding: s.padding,
  dilation: [s.dilation[0], s.dilation[1]],
  groups: s.groups,
  activation: s.activation,
});

export function exampleState(): ConvState {
  return {
    input: [CONV_INPUT],
    filters: [[CONV_FILTER]],
    bias: null,
    stride: [1, 1],
    padding: 'valid',
    dilation: [1, 1],
    groups: 1,
    activation: 'linear',
    seed: 1,
  };
}

/**
 * How much of a node's channels, filters and groups the grids hold: everything up to MAX_DEPTH channels and
 * filters; beyond, whole groups (each with the layer's own C/G channels and F/G filters) as many as fit, or one
 * group cut to MAX_DEPTH when a single group is deeper.
 */
export function shownDepth(setup: Pick<ConvSetup, 'inputShape' | 'filters' | 'groups'>): {
  channels: number;
  filters: number;
  groups: number;
} {
  const c = setup.inputShape[2];
  const g = Math.max(1, setup.groups);
  if (g === 1)
    return { channels: Math.min(c, MAX_DEPTH), filters: Math.min(setup.filters, MAX_DEPTH), groups: 1 };
  const perC = c / g;
  const perF = setup.filters / g;
  const groups = Math.max(1, Math.min(g, Math.floor(MAX_DEPTH / Math.max(perC, perF))));
  return {
    channels: groups * Math.min(perC, MAX_DEPTH),
    filters: groups * Math.min(perF, MAX_DEPTH),
    groups,
  };
}

/** A node's sizes with sample values: the real depth and filter count, the grid cut to MAX_SIDE. */
export function stateFromSetup(setup: ConvSetup): ConvState {
  const [h, w] = setup.inputShape;
  const seed = 7;
  const shown = shownDepth(setup);
  const depth = shown.channels;
  const count = shown.filters;
  return {
    input: sampleVolume(depth, Math.min(h, MAX_SIDE), Math.min(w, MAX_SIDE), seed, 0, 3),
    filters: Array.from({ length: count }, (_, f) =>
      sampleVolume(depth / shown.groups, setup.kernel[0], setup.kernel[1], seed * 31 + f, -1, 2),
    ),
    bias: setup.useBias ? Array.from({ length: count }, (_, f) => (f % 3) - 1) : null,
    stride: setup.stride,
    padding: setup.padding,
    dilation: setup.dilation,
    groups: shown.groups,
    activation: setup.activation,
    seed,
  };
}

export interface Dims {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly f: number;
  readonly g: number;
}

export function dimsOf(s: ConvState): Dims {
  const [c, h, w] = volumeShape(s.input);
  const first = s.filters[0];
  const [, kh, kw] = first === undefined ? [0, 1, 1] : volumeShape(first);
  return { h, w, c, kh, kw, f: s.filters.length, g: s.groups };
}

/** The group counts that split C channels and F filters evenly, smallest first. */
export function groupChoices(c: number, f: number): number[] {
  return Array.from({ length: Math.min(c, f) }, (_, i) => i + 1).filter((g) => validGroups(g, c, f));
}

/**
 * New sizes; existing numbers kept where they still fit, new cells drawn from the state's seed. Groups that no
 * longer split C and F evenly fall back to 1.
 */
export function resize(s: ConvState, d: Dims): ConvState {
  const groups = validGroups(d.g, d.c, d.f) ? d.g : 1;
  const depth = d.c / groups;
  const fresh = sampleVolume(d.c, d.h, d.w, s.seed, 0, 3);
  const input = resizeVolume(s.input, d.c, d.h, d.w, (c, y, x) => fresh[c]?.[y]?.[x] ?? 0);
  const filters = Array.from({ length: d.f }, (_, f) => {
    const sample = sampleVolume(depth, d.kh, d.kw, s.seed * 31 + f, -1, 2);
    return resizeVolume(s.filters[f] ?? [], depth, d.kh, d.kw, (c, y, x) => sample[c]?.[y]?.[x] ?? 0);
  });
  const bias = s.bias === null ? null : Array.from({ length: d.f }, (_, f) => s.bias?.[f] ?? 0);
  return { ...s, input, filters, bias, groups };
}

/** Every value drawn again from a new seed (sizes and settings kept). */
export function reroll(s: ConvState): ConvState {
  const d = dimsOf(s);
  const seed = s.seed + 1;
  return resize({ ...s, seed, input: [], filters: [], bias: s.bias === null ? null : [] }, d);
}

const replaceAt = <T>(list: readonly T[], i: number, value: T): T[] =>
  list.map((v, j) => (j === i ? value : v));

export function setInputCell(s: ConvState, c: number, y: number, x: number, v: number): ConvState {
  const plane = s.input[c] ?? [];
  return { ...s, input: replaceAt(s.input, c, replaceAt(plane, y, replaceAt(plane[y] ?? [], x, v))) };
}

export function setFilterCell(
  s: ConvState,
  f: number,
  c: number,
  y: number,
  x: number,
  v: number,
): ConvState {
  const filter = s.filters[f] ?? [];
  const plane = filter[c] ?? [];
  return {
    ...s,
    filters: replaceAt(
      s.filters,
      f,
      replaceAt(filter, c, replaceAt(plane, y, replaceAt(plane[y] ?? [], x, v))),
    ),
  };
}

export function setBias(s: ConvState, f: number, v: number): ConvState {
  return s.bias === null ? s : { ...s, bias: replaceAt(s.bias, f, v) };
}

export function toggleBias(s: ConvState, on: boolean): ConvState {
  return { ...s, bias: on ? s.filters.map((_, f) => s.bias?.[f] ?? 0) : null };
}
