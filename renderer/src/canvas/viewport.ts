import type { ReactFlowInstance } from '@xyflow/react';
import type { LayerFlowNode, ShapeFlowEdge } from './types';

/**
 * The canvas registers its React Flow instance here so commands outside the canvas (F to fit, Summary row →
 * centre, click-to-add at the viewport centre) can reach the viewport without prop drilling. Viewport state is
 * never part of the document history.
 */
type Flow = ReactFlowInstance<LayerFlowNode, ShapeFlowEdge>;

let flow: Flow | null = null;
let pane: HTMLElement | null = null;

export function registerFlow(instance: Flow | null, element: HTMLElement | null): void {
  flow = instance;
  pane = element;
}

export const GRID = 16;
export const DEFAULT_NODE_SIZE = { width: 216, height: 72 };

export const snap = (value: number): number => Math.round(value / GRID) * GRID;

/** The flow position at the centre of the visible canvas (where click-to-add drops a node). */
export function viewportCentre(): { x: number; y: number } {
  if (flow === null || pane === null) return { x: 0, y: 0 };
  const rect = pane.getBoundingClientRect();
  const centre = flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  return {
    x: snap(centre.x - DEFAULT_NODE_SIZE.width / 2),
    y: snap(centre.y - DEFAULT_NODE_SIZE.height / 2),
  };
}

export function fitView(): void {
  void flow?.fitView({ padding: 0.15, duration: 200, maxZoom: 1.25 });
}

/** Below this zoom node text is unreadable: a freshly opened tall network starts at its input instead. */
const READABLE_ZOOM = 0.6;

/** The view for a freshly opened document: everything when it fits readably, else the top (the input). */
export function showDocument(attempt = 0): void {
  if (flow === null || pane === null) return;
  const nodes = flow.getNodes();
  if (nodes.length === 0) return;
  // Bounds need measured nodes; React Flow measures them in the frame after they mount.
  if (attempt < 20 && nodes.some((n) => n.measured?.width === undefined)) {
    requestAnimationFrame(() => showDocument(attempt + 1));
    return;
  }
  const bounds = flow.getNodesBounds(nodes);
  const rect = pane.getBoundingClientRect();
  const fit = Math.min(rect.width / (bounds.width * 1.15), rect.height / (bounds.height * 1.15), 1.25);
  if (fit >= READABLE_ZOOM) {
    fitView();
    return;
  }
  const zoom = Math.min(READABLE_ZOOM, rect.width / (bounds.width * 1.1));
  const x = rect.width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const y = 32 - bounds.y * zoom;
  void flow.setViewport({ x, y, zoom });
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

export function nodeSize(nodeId: string): { width: number; height: number } {
  const node = flow?.getInternalNode(nodeId);
  return {
    width: node?.measured.width ?? DEFAULT_NODE_SIZE.width,
    height: node?.measured.height ?? DEFAULT_NODE_SIZE.height,
  };
}
