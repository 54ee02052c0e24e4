import type { Diagnostic, ExpandedEdge, NodeAnalysis, PrimitiveNode } from './types';
import type { BlockDef, GraphNode } from '../graph/schema';
import type { LayerKindDef } from '../layers/types';
import type { Flow } from './primitive';
import type { LibraryUses, WalkCache, WalkEnv } from './bodies';
import { GRAPH_LIMITS } from '../graph/schema';
import { getKind, resolveParams } from '../layers/registry';
import { BODY_INPUT_ID } from '../layers/common/body';
import { analyzePrimitive, blankAnalysis, UNKNOWN } from './primitive';
import { resolveBody, topologyOf } from './bodies';
import { BlockMemo, blockKey } from './block-memo';
import { blockAnalysis } from './block-outcome';

export type { WalkCache, WalkEnv } from './bodies';

export const newWalkCache = (): WalkCache => ({
  bodies: new Map(),
  topologies: new WeakMap(),
  blocks: new BlockMemo(),
});

export interface PrimRecord {
  readonly node: PrimitiveNode;
  readonly analysis: NodeAnalysis;
}

/** Where input port `port` of a node enters the expanded graph. */
export interface Entry {
  readonly port: number;
  readonly target: string;
  readonly targetPort: number;
}

/** Everything one node (user node or block part) contributes to the analysis and the expanded graph. */
export interface NodeOutcome {
  readonly analysis: NodeAnalysis;
  readonly prims: readonly PrimRecord[];
  /** Edges among this node's own primitives (a block's internal wiring). */
  readonly edges: readonly ExpandedEdge[];
  readonly entries: readonly Entry[];
  /** The primitive whose output is this node's output. */
  readonly outputPrim: string | null;
  readonly flow: Flow;
  /** Layers with a kernel (traits.kernel: conv, dense) on the longest path from this node's input to its output. */
  readonly weightDepth: number;
  /** Library entries this outcome was built from (user blocks, at any depth); null when none. */
  readonly uses: LibraryUses;
}

/** The user node diagnostics are reported on, and the path of the part inside it (null at the top). */
export interface ReportAs {
  readonly nodeId: string;
  readonly name: string;
  readonly partLabel: string | null;
}

const MAX_NESTING = GRAPH_LIMITS.maxBodyDepth + 1;

function diag(report: ReportAs, code: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code,
    severity: 'error',
    nodeId: report.nodeId,
    message: report.partLabel === null ? message : `${report.partLabel}: ${message}`,
    ...extra,
  };
}

/** A node that produces nothing (no output shape, no primitives): an error, or wiring that blocks it. */
export function failed(
  id: string,
  kind: string,
  notation: string,
  inputs: readonly Flow[],
  diagnostics: readonly Diagnostic[] = [],
  uses: LibraryUses = null,
): NodeOutcome {
  return {
    analysis: blankAnalysis(id, kind, notation, inputs, diagnostics),
    prims: [],
    edges: [],
    entries: [],
    outputPrim: null,
    flow: UNKNOWN,
    weightDepth: 0,
    uses,
  };
}

/**
 * Analyses one node (recursing into block bodies) given the flows on its inputs, in port order. `stack` holds
 * the library blocks being expanded around it, so a block that contains itself is reported, not expanded.
 */
export function processNode(
  node: GraphNode,
  fullId: string,
  inputs: readonly Flow[],
  report: ReportAs,
  env: WalkEnv,
  depth = 0,
  stack: readonly string[] = [],
): NodeOutcome {
  const outcome = processLayer(node, fullId, inputs, report, env, depth, stack);
  return node.trainable === false ? frozen(outcome) : outcome;
}

/** A frozen node (trainable: false): every parameter of it, a block's parts included, is non-trainable. */
function frozen(outcome: NodeOutcome): NodeOutcome {
  const freeze = (a: NodeAnalysis): NodeAnalysis =>
    a.params.trainable === 0
      ? a
      : { ...a, params: { total: a.params.total, trainable: 0, nonTrainable: a.params.total } };
  return {
    ...outcome,
    analysis: freeze(outcome.analysis),
    prims: outcome.prims.map((p) => ({ ...p, analysis: freeze(p.analysis) })),
  };
}

function processLayer(
  node: GraphNode,
  fullId: string,
  inputs: readonly Flow[],
  report: ReportAs,
  env: WalkEnv,
  depth = 0,
  stack: readonly string[] = [],
): NodeOutcome {
  const def = getKind(node.kind);
  if (def === undefined) {
    return failed(fullId, node.kind, node.kind, inputs, [
      diag(report, 'NODE_UNKNOWN_KIND', `Unknown layer kind '${node.kind}'.`),
    ]);
  }
  const params = resolveParams(def, node.params);
  if (!params.ok) {
    return failed(fullId, def.kind, def.label, inputs, [
      diag(
        report,
        'PARAM_INVALID',
        params.error.message,
        report.partLabel === null ? {} : { partId: fullId },
      ),
    ]);
  }
  if (def.expand === undefined) {
    const { analysis, flow } = analyzePrimitive(fullId, def, params.value, inputs, report);
    const name = report.partLabel === null ? node.name : `${report.name}/${report.partLabel}`;
    return {
      analysis,
      prims: [
        { node: { id: fullId, kind: def.kind, name, params: params.value, origin: report.nodeId }, analysis },
      ],
      edges: [],
      entries: inputs.map((_, port) => ({ port, target: fullId, targetPort: port })),
      outputPrim: fullId,
      flow,
      weightDepth: def.traits.kernel ? 1 : 0,
      uses: null,
    };
  }
  return processBlock(node, def, params.value, fullId, inputs, report, env, depth, stack);
}

function processBlock(
  node: GraphNode,
  def: LayerKindDef,
  params: Record<string, unknown>,
  fullId: string,
  inputs: readonly Flow[],
  report: ReportAs,
  env: WalkEnv,
  depth: number,
  stack: readonly string[],
): NodeOutcome {
  let notation = def.notation(params);
  const input = inputs[0] ?? UNKNOWN;
  if (depth >= MAX_NESTING) {
    return failed(fullId, def.kind, notation, inputs, [
      diag(report, 'BLOCK_BODY_INVALID', 'Blocks are nested too deeply.'),
    ]);
  }
  const uses = new Map<string, BlockDef | undefined>();
  const source = resolveBody(node, def, params, input, env, stack, uses);
  if (!source.ok) {
    const problem = diag(report, source.code, source.message, { fix: source.fix });
    return failed(fullId, def.kind, notation, inputs, [problem], uses);
  }
  const body = source.body;
  notation = source.notation ?? notation;
  const inner = source.blockId === undefined ? stack : [...stack, source.blockId];
  const key = blockKey(depth, inner, notation, inputs);
  const known = env.cache.blocks.reuse(body, key, env.blocks, fullId, report, inputs);
  if (known !== null) return known;
  const topo = topologyOf(body, env.cache);
  const problems = topo.diagnostics.map((d) =>
    diag(
      report,
      'BLOCK_BODY_INVALID',
      `in the body of '${node.name}': ${d.message} [${d.code}]`,
      d.fix === undefined ? {} : { fix: d.fix },
    ),
  );
  if (body.nodes.some((n) => n.kind === 'input')) {
    problems.push(
      diag(
        report,
        'BLOCK_BODY_INVALID',
        `the body of '${node.name}' holds an Input; its input is '${BODY_INPUT_ID}'.`,
      ),
    );
  }
  if (!body.edges.some((e) => e.source === BODY_INPUT_ID) || topo.output === null) {
    problems.push(
      diag(
        report,
        'BLOCK_BODY_INVALID',
        `the body of '${node.name}' must start at '${BODY_INPUT_ID}' and end in one layer.`,
      ),
    );
  }
  if (problems.length > 0) return failed(fullId, def.kind, notation, inputs, problems, uses);

  const outcomes = new Map<string, NodeOutcome>();
  const prims: PrimRecord[] = [];
  const edges: ExpandedEdge[] = [];
  const entries: Entry[] = [];
  const diagnostics: Diagnostic[] = [];
  const depthAt = new Map<string, number>([[BODY_INPUT_ID, 0]]);
  for (const id of topo.order) {
    const child = body.nodes[topo.index.get(id) as number] as GraphNode;
    const inbound = topo.inputsOf.get(id) ?? [];
    const flows = inbound.map((e) =>
      e.source === BODY_INPUT_ID ? input : (outcomes.get(e.source)?.flow ?? UNKNOWN),
    );
    const childReport: ReportAs = {
      nodeId: report.nodeId,
      name: report.name,
      partLabel: report.partLabel === null ? id : `${report.partLabel}/${id}`,
    };
    const outcome = processNode(child, `${fullId}/${id}`, flows, childReport, env, depth + 1, inner);
    outcomes.set(id, outcome);
    if (outcome.uses !== null) for (const [k, v] of outcome.uses) uses.set(k, v);
    depthAt.set(id, Math.max(0, ...inbound.map((e) => depthAt.get(e.source) ?? 0)) + outcome.weightDepth);
    // Appended one by one: spreading a block's parts into push() overflows the stack past ~100,000.
    for (const p of outcome.prims) prims.push(p);
    for (const e of outcome.edges) edges.push(e);
    for (const d of outcome.analysis.diagnostics) diagnostics.push(d);
    inbound.forEach((e, port) => {
      for (const entry of outcome.entries) {
        if (entry.port !== port) continue;
        if (e.source === BODY_INPUT_ID)
          entries.push({ port: 0, target: entry.target, targetPort: entry.targetPort });
        else {
          const source = outcomes.get(e.source)?.outputPrim;
          if (source != null) edges.push({ source, target: entry.target, targetPort: entry.targetPort });
        }
      }
    });
  }
  const out = outcomes.get(topo.output as string);
  const flow = out?.flow ?? UNKNOWN;
  const outcome: NodeOutcome = {
    analysis: blockAnalysis(
      fullId,
      def.kind,
      notation,
      inputs,
      prims.map((p) => p.analysis),
      diagnostics,
      flow,
    ),
    prims,
    edges,
    entries,
    outputPrim: out?.outputPrim ?? null,
    flow,
    weightDepth: depthAt.get(topo.output as string) ?? 0,
    uses: uses.size === 0 ? null : uses,
  };
  env.cache.blocks.remember(body, key, fullId, report, inputs, outcome);
  return outcome;
}
