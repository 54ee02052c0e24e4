import { intersects, type Rect, type Size } from './geometry';

/**
 * Fitting a graph into the canvas so that the minimap and the zoom controls never cover a node: the graph is
 * fitted into the canvas minus a padding, and when a node would land under an overlay, the fit is tried again
 * with the overlay's side (or its bottom) kept free, and the largest zoom that covers nothing wins. Pure: the
 * canvas passes its size, its overlays (in canvas pixels) and the nodes' boxes (in flow units).
 */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface FitOptions {
  readonly padding: number;
  readonly minZoom: number;
  readonly maxZoom: number;
}

export const FIT_DEFAULTS: FitOptions = { padding: 24, minZoom: 0.05, maxZoom: 1.25 };

interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

function fitInto(bounds: Rect, canvas: Size, insets: Insets, opts: FitOptions): Viewport {
  const width = Math.max(1, canvas.width - insets.left - insets.right - 2 * opts.padding);
  const height = Math.max(1, canvas.height - insets.top - insets.bottom - 2 * opts.padding);
  const zoom = Math.max(
    opts.minZoom,
    Math.min(opts.maxZoom, width / Math.max(1, bounds.width), height / Math.max(1, bounds.height)),
  );
  const cx = insets.left + opts.padding + width / 2;
  const cy = insets.top + opts.padding + height / 2;
  return {
    x: cx - (bounds.x + bounds.width / 2) * zoom,
    y: cy - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}

export const toScreen = (r: Rect, v: Viewport): Rect => ({
  x: r.x * v.zoom + v.x,
  y: r.y * v.zoom + v.y,
  width: r.width * v.zoom,
  height: r.height * v.zoom,
});

/** How many nodes an overlay covers in a viewport. */
export const covered = (nodes: readonly Rect[], overlays: readonly Rect[], v: Viewport): number =>
  nodes.filter((n) => {
    const s = toScreen(n, v);
    return overlays.some((o) => intersects(s, o));
  }).length;

export function boundsOfRects(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.width));
  const y1 = Math.max(...rects.map((r) => r.y + r.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The viewport showing every node, none under an overlay: each overlay may be avoided by keeping its column
 * (left or right side) or its band (top or bottom) free; every combination is tried and the largest zoom
 * with nothing covered wins (the plain fit first, so nothing is given up when nothing is covered).
 */
export function fitAvoiding(
  nodes: readonly Rect[],
  canvas: Size,
  overlays: readonly Rect[],
  opts: FitOptions = FIT_DEFAULTS,
): Viewport {
  const bounds = boundsOfRects(nodes);
  const none: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  const plain = fitInto(bounds, canvas, none, opts);
  if (overlays.length === 0 || covered(nodes, overlays, plain) === 0) return plain;
  // Each overlay can be dodged horizontally (the side it sits on) or vertically (its band).
  const dodges = overlays.map((o): Insets[] => {
    const side: Insets =
      o.x + o.width / 2 > canvas.width / 2
        ? { ...none, right: canvas.width - o.x }
        : { ...none, left: o.x + o.width };
    const band: Insets =
      o.y + o.height / 2 > canvas.height / 2
        ? { ...none, bottom: canvas.height - o.y }
        : { ...none, top: o.y + o.height };
    return [none, side, band];
  });
  let best: Viewport | null = null;
  const combine = (i: number, acc: Insets): void => {
    if (i === dodges.length) {
      const v = fitInto(bounds, canvas, acc, opts);
      if (covered(nodes, overlays, v) === 0 && (best === null || v.zoom > best.zoom)) best = v;
      return;
    }
    for (const d of dodges[i] ?? []) {
      combine(i + 1, {
        top: Math.max(acc.top, d.top),
        right: Math.max(acc.right, d.right),
        bottom: Math.max(acc.bottom, d.bottom),
        left: Math.max(acc.left, d.left),
      });
    }
  };
  combine(0, none);
  return best ?? plain;
}
