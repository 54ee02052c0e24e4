import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { canvasOverlays, canvasSize, fitViewport, currentPositions } from '../canvas/viewport';
import { moveNodes } from '../model/core';
import { useAnalysis } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { IMMEDIATE } from '../store/history';
import { toast } from '../store/toasts';
import {
  bestChainLayout,
  bestLayoutOf,
  consumedStages,
  isChain,
  type LayoutInput,
  type LayoutRequest,
} from './candidates';
import { scoreCandidate, type ChooseOptions, type Scored } from './choose';
import { fitAvoiding, FIT_DEFAULTS } from './fit';
import { LAYOUT_LABELS, NODE_SIZE, type LayoutMode, type Size } from './geometry';
import type { LayoutReply } from './layout.worker';

/**
 * Layout commands. Three arrangements: top to bottom and left to right (elkjs's layered algorithm) and wrapped
 * into columns (layout/wrapped.ts). On open, on Auto-layout and on Fit when the current arrangement would be
 * drawn too small to read, the one that draws the network largest in this window is chosen (layout/choose.ts).
 * All of that runs in the layout worker (layout.worker.ts): the page only posts the graph and applies the
 * answer, so laying out a 500-node graph never stalls it. A chain (every preset) is arranged at once here.
 */

/** Below this zoom even the compact rendering's text is under 10 px: Fit re-arranges the graph if it can. */
export const LEGIBLE_ZOOM = 0.46;

interface Pending {
  readonly request: LayoutRequest;
  resolve(best: Scored | null): void;
  reject(error: Error): void;
}

let worker: Worker | null = null;
/** Set when the worker cannot start (no Worker, or its script failed): layouts then run in the page. */
let workerFailed = typeof Worker !== 'function';
let lastId = 0;
const pending = new Map<number, Pending>();

async function inPage(request: LayoutRequest): Promise<Scored | null> {
  const { default: ElkBundled } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ElkBundled();
  return bestLayoutOf(request, (graph) => elk.layout(graph));
}

function layoutWorker(): Worker | null {
  if (workerFailed) return null;
  if (worker !== null) return worker;
  const started = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  started.onmessage = (event: MessageEvent<LayoutReply>) => {
    const reply = event.data;
    if (typeof reply.ok !== 'boolean') return;
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.best);
    else waiting.reject(new Error(reply.message));
  };
  started.onerror = () => {
    // The worker could not run (its script failed to load or threw): what it was asked is laid out here.
    workerFailed = true;
    started.terminate();
    worker = null;
    const left = [...pending.values()];
    pending.clear();
    for (const p of left) inPage(p.request).then(p.resolve, p.reject);
  };
  worker = started;
  return started;
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function computeBest(request: LayoutRequest): Promise<Scored | null> {
  const w = layoutWorker();
  if (w === null) return inPage(request);
  lastId += 1;
  const id = lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { request, resolve, reject });
    w.postMessage({ id, request });
  });
}

// The worker (an 8 kB script; elkjs comes later, if ever) starts while the page is idle, so the first layout
// does not wait for it.
if (typeof requestIdleCallback === 'function') requestIdleCallback(() => layoutWorker());

/** The arrangement that draws `doc` largest in a canvas of `size` (or of one mode, its best column count). */
export async function bestLayout(
  doc: LayoutInput,
  analysis: GraphAnalysis | null,
  size: Size = canvasSize(),
  mode?: LayoutMode,
): Promise<Scored | null> {
  if (doc.nodes.length === 0) return null;
  const opts: ChooseOptions = { overlays: canvasOverlays(size) };
  // The command's own task (a key press, a menu click) ends here; the rest is small tasks of its own.
  await nextTask();
  // Only what the worker needs crosses to it: ids and wires, and each node's stage from the page's analysis.
  const graph: LayoutInput = {
    nodes: doc.nodes.map((n) => ({ id: n.id }) as LayoutInput['nodes'][number]),
    edges: doc.edges,
  };
  const stageOf = analysis === null ? null : consumedStages(doc, analysis);
  await nextTask();
  return computeBest({ doc: graph, stageOf, size, opts, ...(mode === undefined ? {} : { mode }) });
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
    // Applying the answer (one edit, and React Flow drawing every moved node) is a task of its own, so the
    // profiler and the layout benchmark tell layout work from drawing.
    await new Promise((resolve) => setTimeout(resolve, 0));
    performance.mark('stride:layout-applying');
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
  const best = bestChainLayout(doc, analysis, size, { overlays: canvasOverlays(size) });
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
