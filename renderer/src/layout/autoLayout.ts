import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { canvasOverlays, canvasSize, fitViewport, snap, currentPositions } from '../canvas/viewport';
import { HEAD, stageLevels } from '../compare/stages';
import { moveNodes } from '../model/core';
import { useAnalysis } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { IMMEDIATE } from '../store/history';
import { toast } from '../store/toasts';
import {
  chooseLayout,
  pickBest,
  scoreCandidate,
  scoreFor,
  type Candidate,
  type ChooseOptions,
  type Scored,
} from './choose';
import { LAYERED_DOWN, LAYERED_RIGHT, layoutGraph } from './elk';
import { fitAvoiding, FIT_DEFAULTS } from './fit';
import { GAP, LAYOUT_LABELS, NODE_SIZE, type LayoutMode, type Size, type XY } from './geometry';
import { ranksOf, wrappedLayout } from './wrapped';

/**
 * Layout commands. Three arrangements: top to bottom and left to right (elkjs's layered algorithm, in a Web
 * Worker, so a 500-node graph never blocks the page) and wrapped into columns (layout/wrapped.ts). On open, on
 * Auto-layout and on Fit when the current arrangement would be drawn too small to read, the one that draws
 * the network largest in this window is chosen (layout/choose.ts).
 */
type Graph = Pick<GraphDoc, 'nodes' | 'edges'>;

/** Below this zoom even the compact rendering's text is under 10 px: Fit re-arranges the graph if it can. */
export const LEGIBLE_ZOOM = 0.46;
const MAX_COLUMNS = 14;

async function elkLayout(doc: Graph, direction: 'down' | 'right'): Promise<Map<string, XY>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const result = await layoutGraph({
    id: 'root',
    layoutOptions: direction === 'down' ? LAYERED_DOWN : LAYERED_RIGHT,
    children: doc.nodes.map((n) => ({ id: n.id, ...NODE_SIZE })),
    edges: [...doc.edges]
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .sort((a, b) => a.targetPort - b.targetPort)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, XY>();
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: snap(child.x ?? 0), y: snap(child.y ?? 0) });
  }
  return positions;
}

/**
 * The stage a layer works in for column breaks: the resolution it reads, so a pooling layer ends its stage's
 * column (VGG's blocks: convolutions and their pooling together) and the head starts a column of its own.
 */
export function consumedStages(doc: Graph, analysis: GraphAnalysis): Map<string, number> {
  const levels = stageLevels(doc as GraphDoc, analysis);
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
  const out = new Map<string, number>();
  for (const n of doc.nodes) {
    const own = levels.get(n.id) ?? 0;
    if (own === HEAD) out.set(n.id, HEAD);
    else out.set(n.id, Math.max(0, ...(inputs.get(n.id) ?? []).map((s) => Math.max(0, levels.get(s) ?? 0))));
  }
  return out;
}

function wrappedCandidate(
  doc: Graph,
  columns: number,
  stageOf: ReadonlyMap<string, number> | undefined,
): Candidate {
  const raw = wrappedLayout(doc, { columns, ...(stageOf === undefined ? {} : { stageOf }) });
  const positions = new Map<string, XY>();
  for (const [id, p] of raw) positions.set(id, { x: snap(p.x), y: snap(p.y) });
  return { mode: 'wrapped', columns, positions };
}

function wrappedCandidates(doc: Graph, analysis: GraphAnalysis | null, only?: number): Candidate[] {
  const ranks = Math.max(0, ...ranksOf(doc).values()) + 1;
  const stageOf = analysis === null ? undefined : consumedStages(doc, analysis);
  const counts =
    only !== undefined ? [only] : Array.from({ length: Math.min(ranks, MAX_COLUMNS) - 1 }, (_, i) => i + 2);
  return counts.map((columns) => wrappedCandidate(doc, columns, stageOf));
}

/**
 * The column counts worth trying for a big graph: those near the count whose columns would match the canvas's
 * shape (a graph of R ranks in k columns is about k node-widths wide and R/k node-heights tall).
 */
export function columnCountsNear(ranks: number, size: Size): number[] {
  const cellW = NODE_SIZE.width + GAP.x;
  const cellH = NODE_SIZE.height + GAP.y;
  const ideal = Math.sqrt((ranks * cellH * size.width) / (cellW * Math.max(1, size.height)));
  const hi = Math.max(2, Math.min(ranks, MAX_COLUMNS, Math.ceil(ideal) + 2));
  const lo = Math.max(2, Math.min(Math.floor(ideal) - 2, hi - 4));
  return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
}

/** Lets the page draw a frame between two pieces of layout work, so no single task stalls it. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Graphs above this size are not tried left to right (a 500-node row is never the largest drawing). */
const MAX_NODES_FOR_ROW = 200;

/** A plain chain (no node with two inputs or two outputs): laid out here, without the layout worker. */
export function isChain(doc: Graph): boolean {
  const ins = new Set<string>();
  const outs = new Set<string>();
  for (const e of doc.edges) {
    if (ins.has(e.target) || outs.has(e.source)) return false;
    ins.add(e.target);
    outs.add(e.source);
  }
  return true;
}

/** A chain top to bottom (one column) or left to right (one row). */
function chainLayout(doc: Graph, analysis: GraphAnalysis | null, mode: 'down' | 'right'): Map<string, XY> {
  const column = wrappedCandidates(doc, analysis, 1)[0]?.positions ?? new Map<string, XY>();
  if (mode === 'down') return new Map(column);
  const row = new Map<string, XY>();
  const step = (NODE_SIZE.height + GAP.y) / (NODE_SIZE.width + GAP.x);
  for (const [id, p] of column) row.set(id, { x: snap(p.y / step), y: p.x });
  return row;
}

/** Every arrangement of a chain, computed at once (no worker): what a preset opens with. */
export function chainCandidates(doc: Graph, analysis: GraphAnalysis | null, mode?: LayoutMode): Candidate[] {
  const out: Candidate[] = [];
  if (mode === undefined || mode === 'down')
    out.push({ mode: 'down', columns: 1, positions: chainLayout(doc, analysis, 'down') });
  if (mode === undefined || mode === 'right')
    out.push({ mode: 'right', columns: 1, positions: chainLayout(doc, analysis, 'right') });
  if (mode === undefined || mode === 'wrapped') out.push(...wrappedCandidates(doc, analysis));
  return out;
}

/**
 * Every arrangement of a branching graph, or only those of one mode, each scored for the canvas as it comes:
 * top to bottom (and, for graphs up to 200 nodes, left to right) by elkjs in its worker, the wrapped ones here,
 * one candidate per task so the page keeps drawing.
 */
async function scoredCandidates(
  doc: Graph,
  analysis: GraphAnalysis | null,
  size: Size,
  opts: ChooseOptions,
  mode?: LayoutMode,
): Promise<Scored[]> {
  const out: Scored[] = [];
  if (isChain(doc)) {
    for (const one of ['down', 'right'] as const) {
      if (mode !== undefined && mode !== one) continue;
      await nextTask();
      out.push(scoreFor({ mode: one, columns: 1, positions: chainLayout(doc, analysis, one) }, size, opts));
    }
    if (mode !== undefined && mode !== 'wrapped') return out;
    const ranks = Math.max(0, ...ranksOf(doc).values()) + 1;
    const stageOf = analysis === null ? undefined : consumedStages(doc, analysis);
    for (let columns = 2; columns <= Math.min(ranks, MAX_COLUMNS); columns += 1) {
      await nextTask();
      out.push(scoreFor(wrappedCandidate(doc, columns, stageOf), size, opts));
    }
    return out;
  }
  if (mode === undefined || mode === 'down')
    out.push(scoreFor({ mode: 'down', columns: 1, positions: await elkLayout(doc, 'down') }, size, opts));
  if (mode === 'right' || (mode === undefined && doc.nodes.length <= MAX_NODES_FOR_ROW))
    out.push(scoreFor({ mode: 'right', columns: 1, positions: await elkLayout(doc, 'right') }, size, opts));
  if (mode === undefined || mode === 'wrapped') {
    await nextTask();
    const ranks = Math.max(0, ...ranksOf(doc).values()) + 1;
    await nextTask();
    const stageOf = analysis === null ? undefined : consumedStages(doc, analysis);
    for (const columns of columnCountsNear(ranks, size)) {
      await nextTask();
      out.push(scoreFor(wrappedCandidate(doc, columns, stageOf), size, opts));
    }
  }
  return out;
}

/** The arrangement that draws `doc` largest in a canvas of `size` (or of one mode, its best column count). */
export async function bestLayout(
  doc: Graph,
  analysis: GraphAnalysis | null,
  size: Size = canvasSize(),
  mode?: LayoutMode,
): Promise<Scored | null> {
  if (doc.nodes.length === 0) return null;
  const opts: ChooseOptions = { overlays: canvasOverlays(size) };
  return pickBest(await scoredCandidates(doc, analysis, size, opts, mode), opts);
}

const describe = (s: Scored): string =>
  s.mode === 'wrapped' ? `${LAYOUT_LABELS.wrapped} (${s.columns})` : LAYOUT_LABELS[s.mode];

function viewGraph(): { doc: GraphDoc; analysis: GraphAnalysis } {
  const { viewDoc, view } = useAnalysis.getState();
  return { doc: viewDoc, analysis: view };
}

async function arrange(label: (s: Scored) => string, mode?: LayoutMode): Promise<boolean> {
  const { doc, analysis } = viewGraph();
  if (doc.nodes.length === 0) return false;
  let best: Scored | null;
  // User Timing marks: how long the layout took, for the profiler and the layout benchmark.
  performance.mark('stride:layout-start');
  try {
    best = await bestLayout(doc, analysis, canvasSize(), mode);
    performance.mark('stride:layout-computed');
  } catch (error) {
    toast.error(
      `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`,
      'LAYOUT_FAILED',
    );
    return false;
  }
  if (best === null) return false;
  const positions = best.positions;
  // The document may have changed while the worker ran: stale ids are skipped by moveNodes.
  applyEdit(label(best), (current) => moveNodes(current, positions), IMMEDIATE);
  return true;
}

/** The Auto-layout command (L): the arrangement that suits the window, or one the user names; one undo step. */
export async function autoLayout(mode?: LayoutMode): Promise<void> {
  const done = await arrange((s) => `Layout: ${describe(s)}`, mode);
  if (done) requestAnimationFrame(() => fitToView());
}

/** Shows all of the graph, none of it under the minimap or the zoom controls. */
export function fitToView(duration = 200): void {
  const positions = currentPositions();
  if (positions.size === 0) return;
  const rects = [...positions.values()].map((p) => ({ ...p, ...NODE_SIZE }));
  fitViewport(fitAvoiding(rects, canvasSize(), canvasOverlays(), FIT_DEFAULTS), duration);
}

/**
 * The Fit command (F): when the graph as arranged would be drawn too small to read, first re-arrange it for
 * this window (one undo step) if that draws it larger; then show all of it.
 */
export async function fitToWindow(): Promise<void> {
  const positions = currentPositions();
  if (positions.size > 1) {
    const size = canvasSize();
    const now = scoreCandidate({ mode: 'down', columns: 1, positions }, size, 24, 1.25, canvasOverlays(size));
    if (now.zoom < LEGIBLE_ZOOM) {
      const { doc, analysis } = viewGraph();
      const best = await bestLayout(doc, analysis).catch(() => null);
      if (best !== null && best.zoom > now.zoom * 1.15) {
        applyEdit(`Fit: ${describe(best)}`, (d) => moveNodes(d, best.positions), IMMEDIATE);
        requestAnimationFrame(() => fitToView());
        return;
      }
    }
  }
  fitToView();
}

/** A chain arranged for the window at once, or null when the graph branches (then use arrangedForWindow). */
export function arrangedChain(doc: GraphDoc, analysis: GraphAnalysis): GraphDoc | null {
  if (!isChain(doc) || doc.nodes.length === 0) return null;
  const size = canvasSize();
  const best = chooseLayout(chainCandidates(doc, analysis), size, { overlays: canvasOverlays(size) });
  return best === null ? doc : moveNodes(doc, best.positions);
}

/** A freshly opened network (a preset) arranged for the window before it is shown. */
export async function arrangedForWindow(doc: GraphDoc, analysis: GraphAnalysis): Promise<GraphDoc> {
  try {
    const best = await bestLayout(doc, analysis);
    return best === null ? doc : moveNodes(doc, best.positions);
  } catch {
    return doc;
  }
}
