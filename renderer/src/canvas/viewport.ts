import type { ReactFlowInstance } from '@xyflow/react';
import { fitAvoiding, FIT_DEFAULTS, type Viewport } from '../layout/fit';
import { NODE_SIZE, snap, type Rect, type Size, type XY } from '../layout/geometry';
import { currentViewDoc } from '../store/analysis';
import { usePrefs } from '../store/prefs';
import type { LayerFlowNode, ShapeFlowEdge } from './types';

/**
 * The canvas registers its React Flow instance here so commands outside the canvas (F to fit, Summary row →
 * centre, click-to-add at the viewport centre) can reach the viewport without prop drilling. Viewport state is
 * never part of the document history.
 */
type Flow = ReactFlowInstance<LayerFlowNode, ShapeFlowEdge>;

let flow: Flow | null = null;
let pane: HTMLElement | null = null;
/** The viewport when the canvas was last unmounted (another top-level view), restored when it returns. */
let parked: { viewport: Viewport; scope: string } | null = null;

export function registerFlow(instance: Flow | null, element: HTMLElement | null): void {
  flow = instance;
  pane = element;
}

export function parkViewport(scope: string): void {
  if (flow !== null) parked = { viewport: flow.getViewport(), scope };
}

/** Restores the parked viewport if it belongs to this scope; false when there is none to restore. */
export function restoreViewport(scope: string): boolean {
  if (flow === null || parked === null || parked.scope !== scope) return false;
  void flow.setViewport(parked.viewport);
  parked = null;
  return true;
}

export function forgetViewport(): void {
  parked = null;
}

export const DEFAULT_NODE_SIZE = NODE_SIZE;

/** Toolbar, totals bar and splitters around the canvas, for estimating its size before it is drawn. */
const CHROME = { top: 44, bottom: 26, splitters: 8 };

/** The canvas's size in pixels: measured when it is drawn, else estimated from the window and the panes. */
export function canvasSize(): Size {
  if (pane !== null) {
    const rect = pane.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) return { width: rect.width, height: rect.height };
  }
  const { panes } = usePrefs.getState();
  const w = typeof window === 'undefined' ? 1280 : window.innerWidth;
  const h = typeof window === 'undefined' ? 800 : window.innerHeight;
  return {
    width: Math.max(200, w - panes.left - panes.right - CHROME.splitters),
    height: Math.max(200, h - CHROME.top - CHROME.bottom - panes.bottom - CHROME.splitters / 2),
  };
}

/** The zoom controls' box before the canvas is drawn (bottom left, as canvas.css places them). */
const CONTROLS_ESTIMATE = { left: 15, bottom: 15, width: 170, height: 30 };

/**
 * What a fit must keep nodes out of, in canvas pixels: the zoom controls and an open block's breadcrumb. The
 * minimap is not among them: it shows only while part of the graph is out of view (Canvas.tsx), so a fitted
 * graph never has one over it.
 */
export function canvasOverlays(size: Size = canvasSize()): Rect[] {
  if (pane === null) {
    const c = CONTROLS_ESTIMATE;
    return [{ x: c.left, y: size.height - c.bottom - c.height, width: c.width, height: c.height }];
  }
  const origin = pane.getBoundingClientRect();
  return [...pane.querySelectorAll<HTMLElement>('.react-flow__controls, .breadcrumb')]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({ x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height }));
}

/** Where each node of the graph on the canvas is (flow units). */
export function currentPositions(): Map<string, XY> {
  return new Map(currentViewDoc().nodes.map((n) => [n.id, n.position]));
}

export function fitViewport(viewport: Viewport, duration = 200): void {
  void flow?.setViewport(viewport, { duration });
}

/** The flow position at the centre of the visible canvas (where click-to-add drops a node). */
export function viewportCentre(): XY {
  if (flow === null || pane === null) return { x: 0, y: 0 };
  const rect = pane.getBoundingClientRect();
  const centre = flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  return {
    x: snap(centre.x - DEFAULT_NODE_SIZE.width / 2),
    y: snap(centre.y - DEFAULT_NODE_SIZE.height / 2),
  };
}

/** Below this zoom even compact nodes are unreadable: a huge graph opens at its inputs instead of whole. */
const OPEN_MIN_ZOOM = 0.3;
const READABLE_ZOOM = 0.5;

/** The view for a freshly shown graph: all of it clear of the minimap and controls, or its top when huge. */
export function showDocument(): void {
  if (flow === null || pane === null) return;
  const positions = currentPositions();
  if (positions.size === 0) return;
  const rects = [...positions.values()].map((p) => ({ ...p, ...NODE_SIZE }));
  const size = canvasSize();
  const fit = fitAvoiding(rects, size, canvasOverlays(), FIT_DEFAULTS);
  if (fit.zoom >= OPEN_MIN_ZOOM) {
    void flow.setViewport(fit);
    return;
  }
  const top = Math.min(...rects.map((r) => r.y));
  const left = Math.min(...rects.map((r) => r.x));
  void flow.setViewport({ x: 32 - left * READABLE_ZOOM, y: 32 - top * READABLE_ZOOM, zoom: READABLE_ZOOM });
}

/** Centres the viewport on a node (Summary and Problems rows), keeping the current zoom when it is readable. */
export function centreOn(nodeId: string): void {
  if (flow === null) return;
  const node = flow.getInternalNode(nodeId);
  if (node === undefined) return;
  const width = node.measured.width ?? DEFAULT_NODE_SIZE.width;
  const height = node.measured.height ?? DEFAULT_NODE_SIZE.height;
  const { x, y } = node.internals.positionAbsolute;
  void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 250 });
}
