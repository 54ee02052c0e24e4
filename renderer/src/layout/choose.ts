import { fitAvoiding } from './fit';
import { boundsOf, NODE_SIZE, type LayoutMode, type Rect, type Size, type XY } from './geometry';

/**
 * Picking the layout that suits the window: every candidate (top to bottom, left to right, wrapped into 2, 3, …
 * columns) is fitted into the canvas, and the one drawn largest wins — a larger zoom is more legible text. Zooms
 * above `enough` (nodes at full detail) count as equal; between those the candidate that fills more of the
 * canvas wins, and after that the simpler arrangement (top to bottom, then fewer columns).
 */
export interface Candidate {
  readonly mode: LayoutMode;
  readonly columns: number;
  readonly positions: ReadonlyMap<string, XY>;
}

export interface Scored extends Candidate {
  readonly zoom: number;
  /** Share of the canvas area the fitted graph covers (0–1). */
  readonly fill: number;
}

const ORDER: Readonly<Record<LayoutMode, number>> = { down: 0, wrapped: 1, right: 2 };

/** How large a candidate is drawn, kept clear of the canvas's overlays (the zoom controls). */
export function scoreCandidate(
  c: Candidate,
  canvas: Size,
  padding: number,
  maxZoom: number,
  overlays: readonly Rect[] = [],
): Scored {
  const b = boundsOf(c.positions);
  const w = Math.max(1, canvas.width - 2 * padding);
  const h = Math.max(1, canvas.height - 2 * padding);
  const rects = [...c.positions.values()].map((p) => ({ ...p, ...NODE_SIZE }));
  const zoom =
    overlays.length === 0
      ? Math.min(maxZoom, w / Math.max(1, b.width), h / Math.max(1, b.height))
      : fitAvoiding(rects, canvas, overlays, { padding, minZoom: 0.01, maxZoom }).zoom;
  const fill = Math.min(1, (b.width * zoom * b.height * zoom) / (w * h));
  return { ...c, zoom, fill };
}

export interface ChooseOptions {
  readonly padding?: number;
  readonly maxZoom?: number;
  readonly enough?: number;
  readonly overlays?: readonly Rect[];
}

export const scoreFor = (c: Candidate, canvas: Size, opts: ChooseOptions = {}): Scored =>
  scoreCandidate(c, canvas, opts.padding ?? 24, opts.maxZoom ?? 1.25, opts.overlays);

export function chooseLayout(
  candidates: readonly Candidate[],
  canvas: Size,
  opts: ChooseOptions = {},
): Scored | null {
  return pickBest(
    candidates.map((c) => scoreFor(c, canvas, opts)),
    opts,
  );
}

/** The best of candidates already scored (the order described above). */
export function pickBest(scored: readonly Scored[], opts: ChooseOptions = {}): Scored | null {
  const enough = opts.enough ?? opts.maxZoom ?? 1.25;
  // Zooms within 3 % of each other read the same.
  const level = (s: Scored) => Math.round(Math.log(Math.min(s.zoom, enough)) / Math.log(1.03));
  const sorted = [...scored].sort(
    (a, b) =>
      level(b) - level(a) || b.fill - a.fill || ORDER[a.mode] - ORDER[b.mode] || a.columns - b.columns,
  );
  return sorted[0] ?? null;
}
