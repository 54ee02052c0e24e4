import type { ElkNode } from 'elkjs/lib/elk-api';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { HEAD, stageLevels } from '../compare/stages';
import { chooseLayout, pickBest, scoreFor, type Candidate, type ChooseOptions, type Scored } from './choose';
import { LAYERED_DOWN, LAYERED_RIGHT } from './elk';
import { GAP, GRID, NODE_SIZE, snap, type LayoutMode, type Size, type XY } from './geometry';
import { ranksOf, wrappedLayout } from './wrapped';

/**
 * Every arrangement of a graph, scored for a canvas, and the best of them. Pure and DOM-free: the layout worker
 * (layout.worker.ts) runs it off the page with elkjs in the same worker, and jsdom tests run it in process.
 */
export type LayoutInput = Pick<GraphDoc, 'nodes' | 'edges'>;

/** elkjs's `layout`, however it is reached (in this worker, or in process). */
export type ElkLayout = (graph: ElkNode) => Promise<ElkNode>;

const MAX_COLUMNS = 14;
/** Graphs above this size are not tried left to right (a 500-node row is never the largest drawing). */
const MAX_NODES_FOR_ROW = 200;

async function elkLayout(
  elk: ElkLayout,
  doc: LayoutInput,
  direction: 'down' | 'right',
): Promise<Map<string, XY>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const result = await elk({
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
export function consumedStages(doc: LayoutInput, analysis: GraphAnalysis): Map<string, number> {
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
  doc: LayoutInput,
  columns: number,
  stageOf: ReadonlyMap<string, number> | null,
): Candidate {
  const raw = wrappedLayout(doc, { columns, ...(stageOf === null ? {} : { stageOf }) });
  const positions = new Map<string, XY>();
  for (const [id, p] of raw) positions.set(id, { x: snap(p.x), y: snap(p.y) });
  return { mode: 'wrapped', columns, positions };
}

const rankCount = (doc: LayoutInput): number => Math.max(0, ...ranksOf(doc).values()) + 1;

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

/** A plain chain (no node with two inputs or two outputs): laid out without elkjs. */
export function isChain(doc: LayoutInput): boolean {
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
function chainLayout(
  doc: LayoutInput,
  stageOf: ReadonlyMap<string, number> | null,
  mode: 'down' | 'right',
): Map<string, XY> {
  const column = wrappedCandidate(doc, 1, stageOf).positions;
  if (mode === 'down') return new Map(column);
  const row = new Map<string, XY>();
  const step = (NODE_SIZE.height + GAP.y) / (NODE_SIZE.width + GAP.x);
  for (const [id, p] of column) row.set(id, { x: snap(p.y / step), y: p.x });
  return row;
}

/** Every arrangement of a chain, computed at once: what a preset opens with. */
export function chainCandidates(
  doc: LayoutInput,
  analysis: GraphAnalysis | null,
  mode?: LayoutMode,
): Candidate[] {
  const stageOf = analysis === null ? null : consumedStages(doc, analysis);
  const out: Candidate[] = [];
  if (mode === undefined || mode === 'down')
    out.push({ mode: 'down', columns: 1, positions: chainLayout(doc, stageOf, 'down') });
  if (mode === undefined || mode === 'right')
    out.push({ mode: 'right', columns: 1, positions: chainLayout(doc, stageOf, 'right') });
  if (mode === undefined || mode === 'wrapped') {
    const ranks = rankCount(doc);
    for (let columns = 2; columns <= Math.min(ranks, MAX_COLUMNS); columns += 1)
      out.push(wrappedCandidate(doc, columns, stageOf));
  }
  return out;
}

/** The best arrangement of a chain for a canvas, computed at once (no worker, no elkjs). */
export function bestChainLayout(
  doc: LayoutInput,
  analysis: GraphAnalysis | null,
  size: Size,
  opts: ChooseOptions,
): Scored | null {
  return chooseLayout(chainCandidates(doc, analysis), size, opts);
}

/** What the layout worker is asked: the graph, each node's stage (from the page's analysis), the canvas. */
export interface LayoutRequest {
  readonly doc: LayoutInput;
  readonly stageOf: ReadonlyMap<string, number> | null;
  readonly size: Size;
  readonly opts: ChooseOptions;
  readonly mode?: LayoutMode;
}

/**
 * The largest zoom a layered (elkjs) arrangement could be drawn at: every wire goes at least one layer down
 * (or right), so the layers are at least as many as the graph's ranks, each a node plus the gap between layers
 * (elk.ts). Overlays and the other axis only lower it. Snapping moves a node by at most half a grid step.
 */
export function layeredZoomBound(
  ranks: number,
  direction: 'down' | 'right',
  size: Size,
  opts: ChooseOptions,
): number {
  const padding = opts.padding ?? 24;
  const maxZoom = opts.maxZoom ?? 1.25;
  const [node, gap, room] =
    direction === 'down'
      ? [NODE_SIZE.height, Number(LAYERED_DOWN['elk.layered.spacing.nodeNodeBetweenLayers']), size.height]
      : [NODE_SIZE.width, Number(LAYERED_RIGHT['elk.layered.spacing.nodeNodeBetweenLayers']), size.width];
  const extent = Math.max(1, ranks * node + (ranks - 1) * gap - GRID);
  return Math.min(maxZoom, Math.max(1, room - 2 * padding) / extent);
}

/**
 * The arrangement that draws `doc` largest in the canvas (or the best of one mode): wrapped into the column
 * counts near the canvas's shape (every count for a chain); top to bottom and (up to 200 nodes) left to right
 * by elkjs's layered algorithm, or, for a chain, directly. elkjs is skipped where even its best case would be
 * drawn smaller than a wrapped arrangement already is (a long network in a window: elkjs takes seconds on 500
 * nodes and its one tall column could not win).
 */
export async function bestLayoutOf(request: LayoutRequest, elk: ElkLayout): Promise<Scored | null> {
  const { doc, stageOf, size, opts, mode } = request;
  if (doc.nodes.length === 0) return null;
  const out: Scored[] = [];
  const chain = isChain(doc);
  const ranks = rankCount(doc);
  if (mode === undefined || mode === 'wrapped') {
    const counts = chain
      ? Array.from({ length: Math.max(0, Math.min(ranks, MAX_COLUMNS) - 1) }, (_, i) => i + 2)
      : columnCountsNear(ranks, size);
    for (const columns of counts) out.push(scoreFor(wrappedCandidate(doc, columns, stageOf), size, opts));
  }
  const enough = opts.enough ?? opts.maxZoom ?? 1.25;
  const bestSoFar = Math.min(enough, Math.max(0, ...out.map((c) => c.zoom)));
  for (const direction of ['down', 'right'] as const) {
    if (mode !== undefined && mode !== direction) continue;
    if (mode === undefined) {
      if (direction === 'right' && !chain && doc.nodes.length > MAX_NODES_FOR_ROW) continue;
      // Zooms within 3 % read the same (choose.ts): only a bound clearly below the best drawn so far rules it out.
      if (!chain && layeredZoomBound(ranks, direction, size, opts) * 1.03 < bestSoFar) continue;
    }
    const positions = chain ? chainLayout(doc, stageOf, direction) : await elkLayout(elk, doc, direction);
    out.push(scoreFor({ mode: direction, columns: 1, positions }, size, opts));
  }
  return pickBest(out, opts);
}
