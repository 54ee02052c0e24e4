import type { GraphDoc } from '../../../shared/graph/schema';
import { fitView, snap } from '../canvas/viewport';
import { useMeasured } from '../canvas/measured';
import { DEFAULT_NODE_SIZE } from '../canvas/viewport';
import { currentViewDoc } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { IMMEDIATE } from '../store/history';
import { toast } from '../store/toasts';
import { moveNodes } from '../model/core';
import { LAYERED_DOWN, layoutGraph } from './elk';

/** Positions for every node of a graph, layered top to bottom (inputs at the top, like the seeds' diagrams). */
export async function computeLayout(
  doc: Pick<GraphDoc, 'nodes' | 'edges'>,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const result = await layoutGraph({
    id: 'root',
    layoutOptions: LAYERED_DOWN,
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? DEFAULT_NODE_SIZE) })),
    edges: [...doc.edges]
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .sort((a, b) => a.targetPort - b.targetPort)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: snap(child.x ?? 0), y: snap(child.y ?? 0) });
  }
  return positions;
}

/** The Auto-layout command: one undo step; the document may change meanwhile, so stale ids are skipped. */
export async function autoLayout(): Promise<void> {
  const scoped = currentViewDoc();
  if (scoped.nodes.length === 0) return;
  let positions: Map<string, { x: number; y: number }>;
  try {
    positions = await computeLayout(scoped, useMeasured.getState().dims);
  } catch (error) {
    toast.error(
      `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`,
      'LAYOUT_FAILED',
    );
    return;
  }
  const changed = applyEdit('Auto-layout', (doc) => moveNodes(doc, positions), IMMEDIATE);
  if (changed) requestAnimationFrame(() => fitView());
}
