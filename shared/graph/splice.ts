import type { GraphDoc, GraphEdge, GraphNode } from './schema';
import type { LayerKind } from '../layers/types';
import { catalog } from '../layers/registry';
import { addNode, canConnect, newEdgeId, removeNodes } from './edit';

/**
 * Edits inside a chain: splicing a new layer after a node or into a wire, and deleting layers while wiring
 * their neighbours together. Each returns a new document (one undo step in the designer) and shares every
 * untouched node and edge with the old one. Parameters and shapes are not checked here: a splice that breaks a
 * shape shows up as a diagnostic on the node, like any other edit.
 */
const takesInput = (kind: string): boolean => (catalog[kind as LayerKind]?.inputs ?? 'single') !== 'none';

function withEdges(
  doc: GraphDoc,
  drop: ReadonlySet<string>,
  add: readonly Omit<GraphEdge, 'id'>[],
): GraphDoc {
  const edges = doc.edges.filter((e) => !drop.has(e.id));
  let next: GraphDoc = { ...doc, edges };
  for (const e of add) {
    next = { ...next, edges: [...next.edges, { ...e, id: newEdgeId(next, e.source, e.target) }] };
  }
  return next;
}

/**
 * Adds a `kind` layer after `anchorId`: it takes over every wire leaving the anchor (A→B becomes A→new→B, each
 * consumer keeping its input port), or simply follows the anchor when nothing leaves it. A layer that takes no
 * input (an Input) is added unwired.
 */
export function insertAfter(
  doc: GraphDoc,
  anchorId: string,
  kind: LayerKind,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } {
  const added = addNode(doc, kind, position, params);
  if (!takesInput(kind) || !doc.nodes.some((n) => n.id === anchorId)) return added;
  const leaving = doc.edges.filter((e) => e.source === anchorId);
  const nodeId = added.nodeId;
  const next = withEdges(added.doc, new Set(leaving.map((e) => e.id)), [
    { source: anchorId, target: nodeId, targetPort: 0 },
    ...leaving.map((e) => ({ source: nodeId, target: e.target, targetPort: e.targetPort })),
  ]);
  return { doc: next, nodeId };
}

/** Adds a `kind` layer into the wire `edgeId`: S→T becomes S→new→T (T keeps its input port). */
export function insertOnEdge(
  doc: GraphDoc,
  edgeId: string,
  kind: LayerKind,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } | null {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (edge === undefined || !takesInput(kind)) return null;
  const added = addNode(doc, kind, position, params);
  const nodeId = added.nodeId;
  const next = withEdges(added.doc, new Set([edge.id]), [
    { source: edge.source, target: nodeId, targetPort: 0 },
    { source: nodeId, target: edge.target, targetPort: edge.targetPort },
  ]);
  return { doc: next, nodeId };
}

/**
 * Moves an existing, unwired node into the wire `edgeId` (a node dragged onto a wire). Null when the node
 * already has wires or cannot take an input.
 */
export function spliceNodeIntoEdge(doc: GraphDoc, nodeId: string, edgeId: string): GraphDoc | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (node === undefined || edge === undefined || !takesInput(node.kind)) return null;
  if (edge.source === nodeId || edge.target === nodeId) return null;
  if (doc.edges.some((e) => e.source === nodeId || e.target === nodeId)) return null;
  return withEdges(doc, new Set([edge.id]), [
    { source: edge.source, target: nodeId, targetPort: 0 },
    { source: nodeId, target: edge.target, targetPort: edge.targetPort },
  ]);
}

/**
 * Deletes nodes and, where the deleted nodes form a run fed by exactly one wire, wires that wire's source to
 * every layer the run fed (each on the input port it had): deleting the middle of A→B→C leaves A→C, deleting
 * B→C out of A→B→C→D leaves A→D. A rewire that would duplicate an existing wire (a residual Add fed by both
 * ends) is left out.
 */
export function removeNodesReconnecting(doc: GraphDoc, nodeIds: readonly string[]): GraphDoc {
  const drop = new Set(nodeIds.filter((id) => doc.nodes.some((n) => n.id === id)));
  if (drop.size === 0) return doc;
  // Runs: connected groups of deleted nodes (wires between two deleted nodes join them).
  const parent = new Map<string, string>([...drop].map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(id, root);
    return root;
  };
  for (const e of doc.edges) {
    if (drop.has(e.source) && drop.has(e.target)) parent.set(find(e.source), find(e.target));
  }
  const into = new Map<string, GraphEdge[]>();
  const outOf = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) {
    if (drop.has(e.target) && !drop.has(e.source)) {
      const run = find(e.target);
      into.set(run, [...(into.get(run) ?? []), e]);
    } else if (drop.has(e.source) && !drop.has(e.target)) {
      const run = find(e.source);
      outOf.set(run, [...(outOf.get(run) ?? []), e]);
    }
  }
  let next = removeNodes(doc, [...drop]);
  for (const [run, entering] of into) {
    const source = entering.length === 1 ? entering[0]?.source : undefined;
    if (source === undefined) continue;
    for (const leaving of outOf.get(run) ?? []) {
      if (!canConnect(next, source, leaving.target, leaving.targetPort).ok) continue;
      next = withEdges(next, new Set(), [{ source, target: leaving.target, targetPort: leaving.targetPort }]);
    }
  }
  return next;
}
