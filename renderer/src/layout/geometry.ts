/**
 * Sizes every layout works with. A layer node is a fixed box (canvas.css sizes it to exactly this), so a
 * layout computed before the nodes are drawn is the layout they are drawn with, and the compact rendering at
 * low zoom fits the same box (wires never move when the rendering switches).
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}
export interface XY {
  readonly x: number;
  readonly y: number;
}
export interface Rect extends XY, Size {}

export const NODE_SIZE: Size = { width: 216, height: 72 };
/** The canvas's snapping grid: layouts place nodes on it too. */
export const GRID = 16;
export const snap = (value: number): number => Math.round(value / GRID) * GRID;
/** Between columns (room for a wire turning) and between rows (room for a wire's shape label). */
export const GAP = { x: 64, y: 40 } as const;

export type LayoutMode = 'down' | 'right' | 'wrapped';

export const LAYOUT_LABELS: Readonly<Record<LayoutMode, string>> = {
  down: 'top to bottom',
  right: 'left to right',
  wrapped: 'wrapped in columns',
};

export function boundsOf(positions: ReadonlyMap<string, XY>, size: Size = NODE_SIZE): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of positions.values()) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + size.width);
    y1 = Math.max(y1, p.y + size.height);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
