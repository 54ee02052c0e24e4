import type { Diagnostic, GraphAnalysis, GraphTotals, NodeAnalysis, Shape } from './types';
import type { BlockLibrary, GraphDoc, GraphNode } from '../graph/schema';
import type { NodeOutcome } from './walk';
import type { Plan } from './plan';
import { getKind } from '../layers/registry';
import { blankAnalysis, UNKNOWN } from './primitive';
import { failed } from './walk';
import { assembleExpanded } from './assemble';
import { makePlan, planFits } from './plan';
import { NodeMemo } from './memo';
import { OverlayMap } from './overlay-map';
import { libraryCurrent } from './bodies';
import { EMPTY_LIBRARY } from '../graph/library';
import { MinHeap } from '../graph/min-heap';
import { ExpansionCounter, expansionTooLarge, parametersTooMany } from './size';

/** What the analyzer keeps between updates, by topological position. */
interface State {
  readonly plan: Plan;
  readonly nodes: GraphNode[];
  readonly outcomes: NodeOutcome[];
  readonly depth: number[];
  readonly analyses: NodeAnalysis[];
  /** The block library the outcomes were computed with. */
  blocks: BlockLibrary;
  /** Node analyses and diagnostics before the whole-network limits (parametersTooMany) are added to them. */
  baseNodes: ReadonlyMap<string, NodeAnalysis>;
  baseDiagnostics: readonly Diagnostic[];
  result: GraphAnalysis;
}

/**
 * The incremental analyzer the canvas keeps. While the wiring is unchanged, an update visits only the edited
 * nodes and, in topological order, the successors of every node whose output (shape, receptive field) or
 * depth changed — the dependent cone, stopping where a change has no effect. Each visited node is memoised on
 * (the node — by identity, else by value — and its input flows), so an undo or a no-op edit costs a lookup.
 * A wiring edit (connect, delete) re-plans the topology and re-walks every node through the same memo. A
 * library edit revisits the user blocks whose definitions (at any depth) changed.
 */
export function createAnalyzer(): { update(doc: GraphDoc): GraphAnalysis } {
  const memo = new NodeMemo();
  const counter = new ExpansionCounter();
  let state: State | null = null;

  function visit(s: State, doc: GraphDoc, p: number): void {
    const { plan } = s;
    const node = doc.nodes[plan.docIndex[p] as number] as GraphNode;
    const preds = plan.preds[p] as readonly number[];
    const flows = preds.map((q) => s.outcomes[q]?.flow ?? UNKNOWN);
    const outcome = plan.blocked[p]
      ? failed(node.id, node.kind, getKind(node.kind)?.label ?? node.kind, flows)
      : memo.outcome(node, flows, s.blocks);
    let depth = 0;
    for (const q of preds) depth = Math.max(depth, s.depth[q] ?? 0);
    s.nodes[p] = node;
    s.depth[p] = depth + outcome.weightDepth;
    if (s.outcomes[p] !== outcome || s.analyses[p] === undefined) {
      const wiring = plan.wiring[p] as readonly Diagnostic[];
      s.analyses[p] =
        wiring.length === 0
          ? outcome.analysis
          : { ...outcome.analysis, diagnostics: [...wiring, ...outcome.analysis.diagnostics] };
    }
    s.outcomes[p] = outcome;
  }

  function full(doc: GraphDoc): GraphAnalysis {
    const plan = makePlan(doc);
    const s: State = {
      plan,
      nodes: [],
      outcomes: [],
      depth: [],
      analyses: [],
      blocks: doc.blocks ?? EMPTY_LIBRARY,
      baseNodes: new Map(),
      baseDiagnostics: [],
      result: null as unknown as GraphAnalysis,
    };
    for (let p = 0; p < plan.topo.order.length; p += 1) visit(s, doc, p);
    const nodes = new Map<string, NodeAnalysis>();
    plan.topo.order.forEach((id, p) => nodes.set(id, s.analyses[p] as NodeAnalysis));
    // Nodes on or after a cycle: listed, with their topology diagnostics, but without shapes.
    for (const node of doc.nodes) {
      if (nodes.has(node.id)) continue;
      const label = getKind(node.kind)?.label ?? node.kind;
      nodes.set(node.id, blankAnalysis(node.id, node.kind, label, [], plan.byNode.get(node.id) ?? []));
    }
    const edgeShapes = new Map<string, Shape | null>();
    plan.outEdges.forEach((ids, p) =>
      ids.forEach((id) => edgeShapes.set(id, s.outcomes[p]?.flow.shape ?? null)),
    );
    s.result = finish(s, nodes, edgeShapes, collectDiagnostics(s));
    memo.prune(new Set(plan.ids));
    state = s;
    return s.result;
  }

  function incremental(s: State, doc: GraphDoc): GraphAnalysis {
    const queue = new MinQueue();
    s.plan.docIndex.forEach((i, p) => {
      if (doc.nodes[i] !== s.nodes[p]) queue.push(p);
    });
    const blocks = doc.blocks ?? EMPTY_LIBRARY;
    if (blocks !== s.blocks) {
      s.blocks = blocks;
      s.outcomes.forEach((o, p) => {
        if (!libraryCurrent(o.uses, blocks)) queue.push(p);
      });
    }
    const changed: number[] = [];
    const reflowed: number[] = [];
    while (queue.size > 0) {
      const p = queue.pop();
      const before = s.outcomes[p] as NodeOutcome;
      const depthBefore = s.depth[p];
      visit(s, doc, p);
      const after = s.outcomes[p] as NodeOutcome;
      if (after !== before) changed.push(p);
      if (after.flow !== before.flow || s.depth[p] !== depthBefore) {
        reflowed.push(p);
        for (const q of s.plan.succs[p] as readonly number[]) queue.push(q);
      }
    }
    if (changed.length === 0 && reflowed.length === 0) return s.result;
    const prev = s.result;
    const nodes = OverlayMap.with(
      s.baseNodes,
      changed.map((p) => [s.plan.topo.order[p] as string, s.analyses[p] as NodeAnalysis] as const),
    );
    const edgeShapes = OverlayMap.with(
      prev.edgeShapes,
      reflowed.flatMap((p) =>
        (s.plan.outEdges[p] as readonly string[]).map(
          (id) => [id, s.outcomes[p]?.flow.shape ?? null] as const,
        ),
      ),
    );
    const diagnosticsMoved = changed.some(
      (p) =>
        (s.outcomes[p]?.analysis.diagnostics.length ?? 0) > 0 ||
        (s.baseNodes.get(s.plan.topo.order[p] as string)?.diagnostics.length ?? 0) > 0,
    );
    s.result = finish(s, nodes, edgeShapes, diagnosticsMoved ? collectDiagnostics(s) : s.baseDiagnostics);
    return s.result;
  }

  return {
    update(doc: GraphDoc): GraphAnalysis {
      // Refused before anything is expanded, whatever the caller (CLI, host, worker, page).
      const tooLarge = expansionTooLarge(doc, counter);
      if (tooLarge !== null) {
        state = null;
        return refused(doc, tooLarge);
      }
      return state !== null && planFits(state.plan, doc) ? incremental(state, doc) : full(doc);
    },
  };
}

function collectDiagnostics(s: State): readonly Diagnostic[] {
  const out: Diagnostic[] = [...s.plan.topo.diagnostics];
  for (const o of s.outcomes) for (const d of o.analysis.diagnostics) out.push(d);
  return out;
}

/** The analysis of a document refused as a whole: every node blank, one diagnostic, nothing expanded. */
function refused(doc: GraphDoc, problem: Diagnostic): GraphAnalysis {
  const nodes = new Map<string, NodeAnalysis>();
  for (const node of doc.nodes) {
    const label = getKind(node.kind)?.label ?? node.kind;
    nodes.set(
      node.id,
      blankAnalysis(node.id, node.kind, label, [], node.id === problem.nodeId ? [problem] : []),
    );
  }
  return {
    order: [],
    nodes,
    edgeShapes: new Map(),
    totals: { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, activationBytes: 0, depth: 0 },
    diagnostics: [problem],
    output: null,
    ok: false,
    expanded: {
      nodes: [],
      edges: [],
      inputsOf: new Map(),
      origin: new Map(),
      outputOf: new Map(),
      input: null,
      output: null,
      complete: false,
    },
    primitives: new Map(),
  };
}

function finish(
  s: State,
  baseNodes: ReadonlyMap<string, NodeAnalysis>,
  edgeShapes: ReadonlyMap<string, Shape | null>,
  base: readonly Diagnostic[],
): GraphAnalysis {
  s.baseNodes = baseNodes;
  s.baseDiagnostics = base;
  let nodes = baseNodes;
  let diagnostics = base;
  const totals = computeTotals(s);
  const tooMany = parametersTooMany(totals.params, largestLayer(s));
  const holder = tooMany?.nodeId == null ? undefined : baseNodes.get(tooMany.nodeId);
  if (tooMany !== null && holder !== undefined) {
    diagnostics = [...diagnostics, tooMany];
    const marked = { ...holder, diagnostics: [...holder.diagnostics, tooMany] };
    nodes = OverlayMap.with(baseNodes, [[holder.nodeId, marked]]);
  }
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const outcomes = s.outcomes.slice();
  const { topo } = s.plan;
  let expanded: ReturnType<typeof assembleExpanded> | null = null;
  const expand = () =>
    (expanded ??= assembleExpanded(
      topo,
      new Map(topo.order.map((id, p) => [id, outcomes[p] as NodeOutcome])),
      ok,
    ));
  return {
    order: topo.order,
    nodes,
    edgeShapes,
    totals,
    diagnostics,
    output: topo.output,
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

/** The user node with the most parameters (a block counts its parts). */
function largestLayer(s: State): { nodeId: string; params: number } | null {
  let best: { nodeId: string; params: number } | null = null;
  for (const o of s.outcomes) {
    const params = o.analysis.params.total;
    if (best === null || params > best.params) best = { nodeId: o.analysis.nodeId, params };
  }
  return best;
}

function computeTotals(s: State): GraphTotals {
  let params = 0;
  let trainableParams = 0;
  let nonTrainableParams = 0;
  let macs = 0;
  let activationBytes = 0;
  let depth = 0;
  s.outcomes.forEach((o, p) => {
    const a = o.analysis;
    params += a.params.total;
    trainableParams += a.params.trainable;
    nonTrainableParams += a.params.nonTrainable;
    macs += a.macs;
    activationBytes += a.activationBytes;
    depth = Math.max(depth, s.depth[p] ?? 0);
  });
  return { params, trainableParams, nonTrainableParams, macs, activationBytes, depth };
}

/** Positions to revisit, smallest (earliest in topological order) first, each once. */
class MinQueue {
  private readonly heap = new MinHeap();
  private readonly queued = new Set<number>();
  get size(): number {
    return this.heap.size;
  }
  push(p: number): void {
    if (this.queued.has(p)) return;
    this.queued.add(p);
    this.heap.push(p);
  }
  pop(): number {
    const top = this.heap.pop();
    this.queued.delete(top);
    return top;
  }
}

/** One-shot analysis of a document (a fresh analyzer; the canvas keeps one with createAnalyzer instead). */
export function analyzeGraph(doc: GraphDoc): GraphAnalysis {
  return createAnalyzer().update(doc);
}
