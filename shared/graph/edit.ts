import type { Result } from '../api/errors';
import type { GraphDoc, GraphEdge, GraphNode } from './schema';
import type { LayerKind } from '../layers/types';
import { fail, ok } from '../api/errors';
import { catalog } from '../layers/registry';
import { reaches } from './cycles';

/**
 * Small pure edits for the designer. Each returns a new document and shares every untouched node, edge and
 * params object with the old one, so undo snapshots are cheap and the incremental analyzer sees by identity
 * what changed.
 */

/** `conv2d_3`: the kind plus the lowest free number (Keras's naming). */
export function newNodeId(doc: Pick<GraphDoc, 'nodes'>, kind: string): string {
  const taken = new Set(doc.nodes.map((n) => n.id));
  for (let i = 1; ; i += 1) {
    const id = `${kind}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(doc: Pick<GraphDoc, 'edges'>, source: string, target: string): string {
  const taken = new Set(doc.edges.map((e) => e.id));
  const base = `e_${source}_${target}`.replace(/[^A-Za-z0-9_.:/-]/g, '_').slice(0, 120);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addNode(
  doc: GraphDoc,
  kind: LayerKind,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } {
  const def = catalog[kind];
  const id = newNodeId(doc, kind);
  const node: GraphNode = {
    id,
    kind,
    name: id,
    params: { ...(def.defaults as GraphNode['params']), ...params },
    position: { x: position.x, y: position.y },
  };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, nodeId: id };
}

/** Would `source → target` be a valid wire? A coded reason when not (nothing is changed either way). */
export function canConnect(doc: GraphDoc, source: string, target: string, targetPort?: number): Result<null> {
  const from = doc.nodes.find((n) => n.id === source);
  const to = doc.nodes.find((n) => n.id === target);
  if (from === undefined || to === undefined) {
    return fail(
      'EDGE_UNKNOWN_NODE',
      `No node '${from === undefined ? source : target}'.`,
      from === undefined ? null : target,
    );
  }
  if (source === target) return fail('EDGE_CREATES_CYCLE', `'${to.name}' cannot feed itself.`, target);
  const arity = catalog[to.kind as LayerKind]?.inputs ?? 'single';
  if (arity === 'none')
    return fail('EDGE_INTO_INPUT', `'${to.name}' is a network input and takes no inputs.`, target);
  const inbound = doc.edges.filter((e) => e.target === target);
  if (inbound.some((e) => e.source === source)) {
    return fail('EDGE_DUPLICATE', `'${from.name}' is already wired into '${to.name}'.`, target);
  }
  if (arity === 'single' && inbound.length > 0) {
    return fail('NODE_TOO_MANY_INPUTS', `'${to.name}' takes one input and already has one.`, target);
  }
  if (arity === 'variadic' && targetPort !== undefined && inbound.some((e) => e.targetPort === targetPort)) {
    return fail('NODE_TOO_MANY_INPUTS', `Input ${targetPort} of '${to.name}' is already wired.`, target);
  }
  if (reaches(doc.edges, target, source)) {
    return fail('EDGE_CREATES_CYCLE', `Wiring '${from.name}' into '${to.name}' would close a loop.`, target);
  }
  return ok(null);
}

/** Adds the wire when canConnect allows it; merges get the next free port unless one is given. */
export function connect(
  doc: GraphDoc,
  source: string,
  target: string,
  targetPort?: number,
): Result<{ doc: GraphDoc; edgeId: string }> {
  const check = canConnect(doc, source, target, targetPort);
  if (!check.ok) return check;
  const used = doc.edges.filter((e) => e.target === target).map((e) => e.targetPort);
  const port = targetPort ?? (used.length === 0 ? 0 : Math.max(...used) + 1);
  const edge: GraphEdge = { id: newEdgeId(doc, source, target), source, target, targetPort: port };
  return ok({ doc: { ...doc, edges: [...doc.edges, edge] }, edgeId: edge.id });
}

export function disconnect(doc: GraphDoc, edgeIds: readonly string[] | string): GraphDoc {
  const drop = new Set(typeof edgeIds === 'string' ? [edgeIds] : edgeIds);
  const edges = doc.edges.filter((e) => !drop.has(e.id));
  return edges.length === doc.edges.length ? doc : { ...doc, edges };
}

/** Removes the nodes and every wire touching them. */
export function removeNodes(doc: GraphDoc, nodeIds: readonly string[]): GraphDoc {
  const drop = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => !drop.has(n.id));
  if (nodes.length === doc.nodes.length) return doc;
  return { ...doc, nodes, edges: doc.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)) };
}

function mapNode(doc: GraphDoc, nodeId: string, change: (node: GraphNode) => GraphNode): GraphDoc {
  const i = doc.nodes.findIndex((n) => n.id === nodeId);
  const node = doc.nodes[i];
  if (node === undefined) return doc;
  const next = change(node);
  if (next === node) return doc;
  const nodes = doc.nodes.slice();
  nodes[i] = next;
  return { ...doc, nodes };
}

/** Merges `patch` into the node's params (one undo step in the designer). */
export function updateParams(doc: GraphDoc, nodeId: string, patch: GraphNode['params']): GraphDoc {
  return mapNode(doc, nodeId, (node) => ({ ...node, params: { ...node.params, ...patch } }));
}

export function renameNode(doc: GraphDoc, nodeId: string, name: string): GraphDoc {
  return mapNode(doc, nodeId, (node) => (node.name === name ? node : { ...node, name }));
}

/**
 * Freezes (false) or unfreezes a layer for training. Trainable is the default, so unfreezing removes the
 * field: a document that never froze anything stays as it was written.
 */
export function setTrainable(doc: GraphDoc, nodeId: string, trainable: boolean): GraphDoc {
  return mapNode(doc, nodeId, (node) => {
    if ((node.trainable !== false) === trainable) return node;
    const { trainable: _old, ...rest } = node;
    return trainable ? rest : { ...rest, trainable: false };
  });
}

/** Moves nodes (a drag ends as one call). */
export function moveNodes(doc: GraphDoc, positions: ReadonlyMap<string, { x: number; y: number }>): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const p = positions.get(node.id);
    if (p === undefined || (p.x === node.position.x && p.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Replaces (or, with undefined, drops) a block's edited body. */
export function setBody(doc: GraphDoc, nodeId: string, body: GraphNode['body']): GraphDoc {
  return mapNode(doc, nodeId, (node) => {
    const { body: _old, ...rest } = node;
    return body === undefined ? rest : { ...rest, body };
  });
}

/** A fresh document holding one Input node. */
export function emptyGraph(name = 'Untitled'): GraphDoc {
  return addNode({ version: 1, name, description: '', nodes: [], edges: [] }, 'input', { x: 0, y: 0 }).doc;
}
