import type { ExpandedEdge, ExpandedGraph, NodeAnalysis, PrimitiveNode } from './types';
import type { Topology } from '../graph/topology';
import type { NodeOutcome } from './walk';

/**
 * Joins the primitives of every user node into one graph: a block's parts keep their internal wiring, and a
 * user edge A → B becomes an edge from A's output primitive to each primitive where B's input enters.
 */
export function assembleExpanded(
  topo: Topology,
  outcomes: ReadonlyMap<string, NodeOutcome>,
  ok: boolean,
): { readonly graph: ExpandedGraph; readonly primitives: ReadonlyMap<string, NodeAnalysis> } {
  const nodes: PrimitiveNode[] = [];
  const edges: ExpandedEdge[] = [];
  const origin = new Map<string, string>();
  const outputOf = new Map<string, string>();
  const primitives = new Map<string, NodeAnalysis>();
  let input: string | null = null;
  for (const id of topo.order) {
    const outcome = outcomes.get(id);
    if (outcome === undefined) continue;
    for (const p of outcome.prims) {
      nodes.push(p.node);
      origin.set(p.node.id, id);
      primitives.set(p.node.id, p.analysis);
      if (input === null && p.node.kind === 'input') input = p.node.id;
    }
    for (const e of outcome.edges) edges.push(e);
    if (outcome.outputPrim !== null) outputOf.set(id, outcome.outputPrim);
    (topo.inputsOf.get(id) ?? []).forEach((e, port) => {
      const source = outcomes.get(e.source)?.outputPrim;
      if (source == null) return;
      for (const entry of outcome.entries) {
        if (entry.port === port) edges.push({ source, target: entry.target, targetPort: entry.targetPort });
      }
    });
  }
  const inputsOf = new Map<string, string[]>();
  const sorted = [...edges].sort((a, b) => a.targetPort - b.targetPort);
  for (const e of sorted)
    (inputsOf.get(e.target) ?? inputsOf.set(e.target, []).get(e.target))?.push(e.source);
  const output = topo.output === null ? null : (outputOf.get(topo.output) ?? null);
  return {
    graph: { nodes, edges, inputsOf, origin, outputOf, input, output, complete: ok },
    primitives,
  };
}
