import type { LayerWindow } from '../api/runs';
import type { ConvProblem } from './conv';
import type { PoolMode, PoolProblem } from './pool';

/**
 * A trained layer's window as an explainer problem. The worker cuts out of the layer's real input exactly the
 * rows and columns a small block of output pixels reads (`windowCut`); the explainer rebuilds a local problem
 * whose outputs are those pixels: the cut as input, the layer's stride and dilation, and as padding only the part
 * of the layer's padding that falls inside the cut. Both sides use the same function, so the cut and the
 * rebuilt problem cannot drift apart.
 */
export interface CutGeometry {
  readonly inputH: number;
  readonly inputW: number;
  readonly outH: number;
  readonly outW: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
}

export interface Region {
  readonly oy: number;
  readonly ox: number;
  readonly h: number;
  readonly w: number;
}

/** Up to size×size output pixels around (oy, ox), kept inside the output. */
export function regionAround(
  g: Pick<CutGeometry, 'outH' | 'outW'>,
  oy: number,
  ox: number,
  size: number,
): Region {
  const h = Math.min(size, g.outH);
  const w = Math.min(size, g.outW);
  const top = Math.max(0, Math.min(g.outH - h, oy - Math.floor(h / 2)));
  const left = Math.max(0, Math.min(g.outW - w, ox - Math.floor(w / 2)));
  return { oy: top, ox: left, h, w };
}

export interface Cut {
  /** Rows [y0, y1) and columns [x0, x1) of the real (unpadded) input. */
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
  /** The layer's padding cells inside the cut: [top, bottom, left, right]. */
  readonly pads: readonly [number, number, number, number];
}

function axisCut(
  start: number,
  count: number,
  stride: number,
  kernel: number,
  dilation: number,
  padBefore: number,
  size: number,
) {
  const first = start * stride - padBefore;
  const last = (start + count - 1) * stride + (kernel - 1) * dilation - padBefore;
  const lo = Math.max(0, first);
  const hi = Math.min(size, last + 1);
  return { lo, hi, before: lo - first, after: last + 1 - hi };
}

export function windowCut(g: CutGeometry, r: Region): Cut {
  const ys = axisCut(r.oy, r.h, g.stride[0], g.kernel[0], g.dilation[0], g.pads[0], g.inputH);
  const xs = axisCut(r.ox, r.w, g.stride[1], g.kernel[1], g.dilation[1], g.pads[2], g.inputW);
  return { y0: ys.lo, y1: ys.hi, x0: xs.lo, x1: xs.hi, pads: [ys.before, ys.after, xs.before, xs.after] };
}

const geometryOf = (w: LayerWindow): CutGeometry => ({
  inputH: w.inputShape[0],
  inputW: w.inputShape[1],
  outH: w.outputShape[0],
  outW: w.outputShape[1],
  kernel: w.kernel,
  stride: w.stride,
  dilation: w.dilation,
  pads: w.pads,
});

/** The local convolution whose output (region.h × region.w, one filter) is the region of the layer's map. */
export function convFromWindow(w: LayerWindow): ConvProblem {
  const cut = windowCut(geometryOf(w), w.region);
  return {
    input: w.patch.values,
    filters: [w.filter ?? []],
    bias: w.bias === null ? null : [w.bias],
    stride: [w.stride[0], w.stride[1]],
    padding: [cut.pads[0], cut.pads[1], cut.pads[2], cut.pads[3]],
    dilation: [w.dilation[0], w.dilation[1]],
    activation: w.activation,
  };
}

const POOL_MODE: Readonly<Record<LayerWindow['kind'], PoolMode | null>> = {
  conv2d: null,
  depthwiseconv2d: null,
  maxpool2d: 'max',
  avgpool2d: 'avg',
  minpool2d: 'min',
};

/** A convolution's window (plain, grouped or depthwise: the conv lesson), not a pooling's. */
export const isConvWindow = (w: Pick<LayerWindow, 'kind'>): boolean => POOL_MODE[w.kind] === null;

/**
 * The local pooling over the cut (a pooling's patch holds the explained channel only), its padding rule kept.
 * A cut reaching past the input's bottom or right covers the layer's zero rows first, then its overhang: the
 * local pads keep that split (`overhang`).
 */
export function poolFromWindow(w: LayerWindow): PoolProblem {
  const cut = windowCut(geometryOf(w), w.region);
  const [oh, ow] = w.overhang ?? [0, 0];
  const overhang: [number, number] = [
    Math.max(0, cut.pads[1] - (w.pads[1] - oh)),
    Math.max(0, cut.pads[3] - (w.pads[3] - ow)),
  ];
  return {
    input: w.patch.values,
    mode: POOL_MODE[w.kind] ?? 'max',
    size: [w.kernel[0], w.kernel[1]],
    stride: [w.stride[0], w.stride[1]],
    padding: [cut.pads[0], cut.pads[1], cut.pads[2], cut.pads[3]],
    padCells: w.padCells,
    ...(overhang[0] + overhang[1] === 0 ? {} : { overhang }),
  };
}
