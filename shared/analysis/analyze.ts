import type { Diagnostic, GraphAnalysis, GraphTotals, NodeAnalysis, Shape } from './types';
import type { GraphDoc, GraphNode } from '../graph/schema';
import type { Topology } from '../graph/topology';
import type { Flow } from './primitive';
import type { NodeOutcome } from './walk';
import { computeTopology } from '../graph/topology';
import { getKind } from '../layers/registry';
import { blankAnalysis, UNKNOWN } from './primitive';
import { processNode } from './walk';
import { assembleExpanded } from './assemble';

/** Topology codes that leave a node without an output shape (its wiring is wrong, so any shape would mislead). */
const WIRING_ERRORS: ReadonlySet<string> = new Set([
  'NODE_MISSING_INPUT',
  'NODE_TOO_MANY_INPUTS',
  'GRAPH_DISCONNECTED',
]);

interface MemoEntry {
  readonly node: GraphNode;
  readonly key: string | null;
  readonly inputSig: string;
  readonly outcome: NodeOutcome;
}

const flowSig = (flows: readonly Flow[]) =>
  flows
    .map((f) =>
      f.shape === null
        ? '?'
        : `${f.shape.join('x')}@${f.rf === null ? '' : `${f.rf.size.join(',')};${f.rf.jump.join(',')}`}`,
    )
    .join('|');

/** The node as a value: what its analysis depends on besides its inputs. */
const valueKey = (node: GraphNode) =>
  `${node.kind}\u0000${node.name}\u0000${JSON.stringify(node.params)}\u0000${node.body === undefined ? '' : JSON.stringify(node.body)}`;

/**
 * The incremental analyzer the canvas keeps: each node's result is memoised on (the node — by identity, else
 * by value — and the shapes and receptive fields flowing into it). An edit therefore recomputes the edited
 * node and only those downstream whose inputs actually changed; the topology is reused while the wiring and
 * the node list are unchanged.
 */
export function createAnalyzer(): { update(doc: GraphDoc): GraphAnalysis } {
  const memo = new Map<string, MemoEntry>();
  let topoKey: { edges: GraphDoc['edges']; ids: string[]; kinds: string[] } | null = null;
  let topo: Topology | null = null;

  function topology(doc: GraphDoc): Topology {
    const sameNodes =
      topoKey !== null &&
      topoKey.edges === doc.edges &&
      topoKey.ids.length === doc.nodes.length &&
      doc.nodes.every((n, i) => n.id === topoKey?.ids[i] && n.kind === topoKey.kinds[i]);
    if (!sameNodes || topo === null) {
      topo = computeTopology(doc.nodes, doc.edges);
      topoKey = { edges: doc.edges, ids: doc.nodes.map((n) => n.id), kinds: doc.nodes.map((n) => n.kind) };
    }
    return topo;
  }

  function update(doc: GraphDoc): GraphAnalysis {
    const t = topology(doc);
    const topoByNode = new Map<string, Diagnostic[]>();
    for (const d of t.diagnostics) {
      if (d.nodeId !== null)
        (topoByNode.get(d.nodeId) ?? topoByNode.set(d.nodeId, []).get(d.nodeId))?.push(d);
    }
    const outcomes = new Map<string, NodeOutcome>();
    const nodes = new Map<string, NodeAnalysis>();
    const nodeDiagnostics: Diagnostic[] = [];
    const depthAt = new Map<string, number>();
    for (const id of t.order) {
      const node = doc.nodes[t.index.get(id) as number] as GraphNode;
      const inbound = t.inputsOf.get(id) ?? [];
      const flows = inbound.map((e) => outcomes.get(e.source)?.flow ?? UNKNOWN);
      const wiring = topoByNode.get(id) ?? [];
      let outcome: NodeOutcome;
      if (wiring.some((d) => WIRING_ERRORS.has(d.code))) {
        const label = getKind(node.kind)?.label ?? node.kind;
        outcome = { ...emptyOutcome(), analysis: blankAnalysis(id, node.kind, label, flows) };
      } else {
        outcome = cached(node, flows);
      }
      outcomes.set(id, outcome);
      depthAt.set(id, Math.max(0, ...inbound.map((e) => depthAt.get(e.source) ?? 0)) + outcome.weightDepth);
      const analysis =
        wiring.length === 0
          ? outcome.analysis
          : { ...outcome.analysis, diagnostics: [...wiring, ...outcome.analysis.diagnostics] };
      nodes.set(id, analysis);
      nodeDiagnostics.push(...outcome.analysis.diagnostics);
    }
    // Nodes on or after a cycle: listed, with their topology diagnostics, but without shapes.
    for (const node of doc.nodes) {
      if (nodes.has(node.id)) continue;
      const label = getKind(node.kind)?.label ?? node.kind;
      nodes.set(node.id, blankAnalysis(node.id, node.kind, label, [], topoByNode.get(node.id) ?? []));
    }
    if (memo.size > t.order.length * 2 + 64) {
      for (const id of memo.keys()) if (!outcomes.has(id)) memo.delete(id);
    }

    const edgeShapes = new Map<string, Shape | null>();
    for (const list of t.inputsOf.values()) {
      for (const e of list) edgeShapes.set(e.id, outcomes.get(e.source)?.flow.shape ?? null);
    }
    const diagnostics = [...t.diagnostics, ...nodeDiagnostics];
    const ok = !diagnostics.some((d) => d.severity === 'error');
    const totals = computeTotals(t.order, outcomes, depthAt);
    let expanded: ReturnType<typeof assembleExpanded> | null = null;
    const expand = () => (expanded ??= assembleExpanded(t, outcomes, ok));
    return {
      order: t.order,
      nodes,
      edgeShapes,
      totals,
      diagnostics,
      output: t.output,
      ok,
      // Built on first use: the canvas never needs the expanded graph, training and codegen do.
      get expanded() {
        return expand().graph;
      },
      get primitives() {
        return expand().primitives;
      },
    };
  }

  function cached(node: GraphNode, flows: readonly Flow[]): NodeOutcome {
    const inputSig = flowSig(flows);
    const hit = memo.get(node.id);
    if (hit !== undefined && hit.inputSig === inputSig) {
      if (hit.node === node) return hit.outcome;
      const key = valueKey(node);
      if ((hit.key ?? valueKey(hit.node)) === key) {
        memo.set(node.id, { ...hit, node, key });
        return hit.outcome;
      }
    }
    const outcome = processNode(node, node.id, flows, { nodeId: node.id, name: node.name, partLabel: null });
    memo.set(node.id, { node, key: null, inputSig, outcome });
    return outcome;
  }

  return { update };
}

function emptyOutcome(): Omit<NodeOutcome, 'analysis'> {
  return { prims: [], edges: [], entries: [], outputPrim: null, flow: UNKNOWN, weightDepth: 0 };
}

function computeTotals(
  order: readonly string[],
  outcomes: ReadonlyMap<string, NodeOutcome>,
  depthAt: ReadonlyMap<string, number>,
): GraphTotals {
  let params = 0;
  let trainableParams = 0;
  let nonTrainableParams = 0;
  let macs = 0;
  let activationBytes = 0;
  let depth = 0;
  for (const id of order) {
    const a = (outcomes.get(id) as NodeOutcome).analysis;
    params += a.params.total;
    trainableParams += a.params.trainable;
    nonTrainableParams += a.params.nonTrainable;
    macs += a.macs;
    activationBytes += a.activationBytes;
    depth = Math.max(depth, depthAt.get(id) ?? 0);
  }
  return { params, trainableParams, nonTrainableParams, macs, activationBytes, depth };
}

/** One-shot analysis of a document (a fresh analyzer; the canvas keeps one with createAnalyzer instead). */
export function analyzeGraph(doc: GraphDoc): GraphAnalysis {
  return createAnalyzer().update(doc);
}
