import type { Diagnostic } from './types';
import type { GraphDoc } from '../graph/schema';
import type { Topology } from '../graph/topology';
import { computeTopology } from '../graph/topology';

/** Topology codes that leave a node without an output shape (its wiring is wrong, so any shape would mislead). */
const WIRING_ERRORS: ReadonlySet<string> = new Set([
  'NODE_MISSING_INPUT',
  'NODE_TOO_MANY_INPUTS',
  'GRAPH_DISCONNECTED',
]);

/**
 * The wiring of a document in array form, indexed by topological position: what stays valid while only
 * params change (positions, predecessors, successors, edge ids, topology diagnostics per node).
 */
export interface Plan {
  readonly topo: Topology;
  readonly edges: GraphDoc['edges'];
  readonly ids: readonly string[];
  readonly kinds: readonly string[];
  readonly names: readonly string[];
  /** Position → index of the node in doc.nodes. */
  readonly docIndex: readonly number[];
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
  /** Position → ids of the valid edges leaving the node (their label is its output shape). */
  readonly outEdges: readonly (readonly string[])[];
  readonly wiring: readonly (readonly Diagnostic[])[];
  /** Position → the node has a wiring error and gets no output shape. */
  readonly blocked: readonly boolean[];
  /** Topology diagnostics per node id (also for nodes left out of the order by a cycle). */
  readonly byNode: ReadonlyMap<string, readonly Diagnostic[]>;
}

/** Still valid for `doc` while the wiring and every node's id, kind and name are unchanged. */
export function planFits(plan: Plan | null, doc: GraphDoc): plan is Plan {
  if (plan === null || plan.edges !== doc.edges || plan.ids.length !== doc.nodes.length) return false;
  for (let i = 0; i < doc.nodes.length; i += 1) {
    const n = doc.nodes[i];
    if (n === undefined || n.id !== plan.ids[i] || n.kind !== plan.kinds[i] || n.name !== plan.names[i])
      return false;
  }
  return true;
}

export function makePlan(doc: GraphDoc): Plan {
  const topo = computeTopology(doc.nodes, doc.edges);
  const pos = new Map<string, number>();
  topo.order.forEach((id, p) => pos.set(id, p));
  const byNode = new Map<string, Diagnostic[]>();
  for (const d of topo.diagnostics) {
    if (d.nodeId !== null) (byNode.get(d.nodeId) ?? byNode.set(d.nodeId, []).get(d.nodeId))?.push(d);
  }
  const n = topo.order.length;
  const succs: number[][] = Array.from({ length: n }, () => []);
  const outEdges: string[][] = Array.from({ length: n }, () => []);
  const preds = topo.order.map((id, p) =>
    (topo.inputsOf.get(id) ?? []).map((e) => {
      const s = pos.get(e.source) as number;
      succs[s]?.push(p);
      outEdges[s]?.push(e.id);
      return s;
    }),
  );
  const wiring = topo.order.map((id) => byNode.get(id) ?? []);
  return {
    topo,
    edges: doc.edges,
    ids: doc.nodes.map((x) => x.id),
    kinds: doc.nodes.map((x) => x.kind),
    names: doc.nodes.map((x) => x.name),
    docIndex: topo.order.map((id) => topo.index.get(id) as number),
    preds,
    succs,
    outEdges,
    wiring,
    blocked: wiring.map((ds) => ds.some((d) => WIRING_ERRORS.has(d.code))),
    byNode,
  };
}
