import type { Result } from '../api/errors';
import type { GraphAnalysis, NodeAnalysis, Shape } from '../analysis/types';
import type { GraphDoc, GraphNode } from '../graph/schema';
import type { KerasLayer, KerasTopology } from './keras-topology';
import { ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { getKind } from '../layers/registry';
import { toKerasTopology } from './keras-topology';
import { commentText, NameAllocator } from './names';
import { shapeText } from '../layers/common/format';

/**
 * What every code printer (TypeScript, PyTorch) needs beyond the Keras topology: the shapes each layer sees,
 * which layers form a block (printed as a helper function), and where each value lives — in the running
 * variable `x` while a chain goes straight on, in a named variable where the graph branches. The plan is
 * language-neutral; the printers only spell it.
 */
export interface PlannedLayer {
  readonly layer: KerasLayer;
  /** The user node (or block) this layer belongs to. */
  readonly nodeId: string;
  /** The primitive's analysis: its input shapes (one per inbound edge) and output shape. */
  readonly primitive: NodeAnalysis;
  /** Shape of this layer's first input and of its output (channels last, no batch axis). */
  readonly inputShape: Shape;
  readonly outputShape: Shape;
}

/** A value reference inside a scope: the running variable, a named variable, or the scope's parameter. */
export type ValueRef = { readonly kind: 'slot' } | { readonly kind: 'var'; readonly name: string };

/** Where a statement puts its value. */
export type Destination =
  { readonly kind: 'slot' } | { readonly kind: 'var'; readonly name: string } | { readonly kind: 'return' };

export interface StepComment {
  /** `c1 (C1)`, or a block part's local id `b2/conv`. */
  readonly title: string;
  readonly notation: string;
  /** The primitive's output shape, channels last. */
  readonly shape: Shape;
}

/** `c1 (C1): Conv 6@5×5 /1 valid tanh → 28×28×6`, the shape reordered for the language (NCHW for PyTorch). */
export function commentLine(c: StepComment, order: (s: Shape) => Shape = (s) => s): string {
  return commentText(`${c.title}: ${c.notation} → ${shapeText(order(c.shape))}`);
}

export interface LayerStep {
  readonly kind: 'layer';
  readonly planned: PlannedLayer;
  readonly inputs: readonly ValueRef[];
  readonly dest: Destination;
  /** Set on the first statement of each primitive (see commentLine). */
  readonly comment: StepComment | null;
}

export interface CallStep {
  readonly kind: 'call';
  readonly block: BlockScope;
  readonly input: ValueRef;
  readonly dest: Destination;
}

export type Step = LayerStep | CallStep;

export interface BlockScope {
  /** The block's user node. */
  readonly node: GraphNode;
  /** Keras-safe base name of the block (its layers are named `<base>_<part>`). */
  readonly baseName: string;
  readonly notation: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly steps: readonly Step[];
}

export interface CodePlan {
  readonly doc: GraphDoc;
  readonly analysis: GraphAnalysis;
  readonly topology: KerasTopology;
  /** The InputLayer (not a step: each language declares the input its own way). */
  readonly input: PlannedLayer;
  readonly steps: readonly Step[];
  readonly blocks: readonly BlockScope[];
  /** The model's output value, after the last step. */
  readonly output: ValueRef;
}

export interface PlanOptions {
  /**
   * Local variable names for a layer in a scope (TypeScript camelCases, Python keeps snake_case). `local` is
   * the layer's name without its block prefix.
   */
  readonly varName: (local: string) => string;
  /** Names a scope must not use for its variables (the language's keywords, module-level names). */
  readonly reserved: ReadonlySet<string>;
}

function paddedShape(layer: KerasLayer, input: Shape): Shape {
  const pads = layer.config.padding as readonly (readonly [number, number])[];
  const [t, b] = pads[0] ?? [0, 0];
  const [l, r] = pads[1] ?? [0, 0];
  return [(input[0] ?? 0) + t + b, (input[1] ?? 0) + l + r, ...input.slice(2)];
}

/** The layers with their shapes, each tagged with its user node. */
export function plannedLayers(topology: KerasTopology, analysis: GraphAnalysis): PlannedLayer[] {
  const out: PlannedLayer[] = [];
  const shapeOf = new Map<string, Shape>();
  for (const layer of topology.layers) {
    const primitive = analysis.primitives.get(layer.primitiveId) as NodeAnalysis;
    const fromInbound = layer.inboundNodes.length > 0 ? shapeOf.get(layer.inboundNodes[0] as string) : null;
    const inputShape = fromInbound ?? primitive.outputShape ?? [];
    const outputShape =
      layer.className === 'ZeroPadding2D' ? paddedShape(layer, inputShape) : (primitive.outputShape ?? []);
    shapeOf.set(layer.name, outputShape);
    out.push({
      layer,
      nodeId: analysis.expanded.origin.get(layer.primitiveId) ?? layer.primitiveId,
      primitive,
      inputShape,
      outputShape,
    });
  }
  return out;
}

interface Item {
  readonly id: string;
  readonly inputs: readonly string[];
  readonly make: (inputs: readonly ValueRef[], dest: Destination) => Step;
  readonly local: string;
}

/**
 * Assigns destinations in one scope. A value rides in the running variable when it feeds only the next
 * statement and that statement takes nothing else (a plain chain); everything a branch or merge needs later
 * gets its own name, and the running variable is never overwritten while its value is still needed.
 */
function assign(
  items: readonly Item[],
  entry: string | null,
  output: string,
  returnLast: boolean,
  names: NameAllocator,
  options: PlanOptions,
): { steps: Step[]; output: ValueRef } {
  const remaining = new Map<string, number>();
  for (const item of items) for (const i of item.inputs) remaining.set(i, (remaining.get(i) ?? 0) + 1);
  remaining.set(output, (remaining.get(output) ?? 0) + 1);
  const where = new Map<string, ValueRef>();
  let slot: string | null = entry;
  if (entry !== null) where.set(entry, { kind: 'slot' });
  const steps: Step[] = [];
  items.forEach((item, index) => {
    const inputs = item.inputs.map((i) => where.get(i) ?? { kind: 'var' as const, name: i });
    for (const i of item.inputs) remaining.set(i, (remaining.get(i) ?? 1) - 1);
    const next = items[index + 1];
    const last = index === items.length - 1;
    let dest: Destination;
    if (last && returnLast && item.id === output) dest = { kind: 'return' };
    else {
      const slotFree = slot === null || (remaining.get(slot) ?? 0) === 0;
      const chains =
        (remaining.get(item.id) ?? 0) === 1 &&
        ((next !== undefined && next.inputs.length === 1 && next.inputs[0] === item.id) ||
          (last && item.id === output));
      if (slotFree && chains) {
        dest = { kind: 'slot' };
        if (slot !== null) where.delete(slot);
        slot = item.id;
        where.set(item.id, { kind: 'slot' });
      } else {
        const name = names.claim(options.varName(item.local));
        dest = { kind: 'var', name };
        where.set(item.id, { kind: 'var', name });
      }
    }
    steps.push(item.make(inputs, dest));
  });
  return { steps, output: where.get(output) ?? { kind: 'slot' } };
}

function layerItem(p: PlannedLayer, local: string, comment: StepComment | null): Item {
  return {
    id: p.layer.name,
    inputs: p.layer.inboundNodes,
    local,
    make: (inputs, dest) => ({ kind: 'layer', planned: p, inputs, dest, comment }),
  };
}

function primitiveComment(p: PlannedLayer, label: string, doc: GraphDoc): StepComment {
  const kind = getKind(p.primitive.kind);
  const node = doc.nodes.find((n) => n.id === label);
  return {
    title: node !== undefined && node.name !== node.id ? `${label} (${node.name})` : label,
    notation: p.primitive.notation || (kind?.label ?? p.primitive.kind),
    shape: p.primitive.outputShape ?? [],
  };
}

/** The plan of a valid document, or the topology's coded error. */
export function planCode(
  doc: GraphDoc,
  options: PlanOptions,
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<CodePlan> {
  const topo = toKerasTopology(doc, analysis);
  if (!topo.ok) return topo;
  const topology = topo.value;
  const all = plannedLayers(topology, analysis);
  const input = all.find((p) => p.layer.className === 'InputLayer') as PlannedLayer;
  const nodesById = new Map(doc.nodes.map((n) => [n.id, n]));
  const isBlock = (id: string) => getKind(nodesById.get(id)?.kind ?? '')?.expand !== undefined;
  const firstOfPrimitive = new Set<string>();
  const seen = new Set<string>();
  for (const p of all) {
    if (!seen.has(p.layer.primitiveId)) firstOfPrimitive.add(p.layer.name);
    seen.add(p.layer.primitiveId);
  }

  const blocks: BlockScope[] = [];
  const topItems: Item[] = [];
  const topNames = new NameAllocator(options.reserved);
  let i = 0;
  const body = all.filter((p) => p !== input);
  while (i < body.length) {
    const p = body[i] as PlannedLayer;
    if (!isBlock(p.nodeId)) {
      const comment = firstOfPrimitive.has(p.layer.name)
        ? primitiveComment(p, p.layer.primitiveId, doc)
        : null;
      topItems.push(layerItem(p, p.layer.name, comment));
      i += 1;
      continue;
    }
    const members: PlannedLayer[] = [];
    while (i < body.length && (body[i] as PlannedLayer).nodeId === p.nodeId)
      members.push(body[i++] as PlannedLayer);
    const node = nodesById.get(p.nodeId) as GraphNode;
    const names = new Set(members.map((m) => m.layer.name));
    const external = members.flatMap((m) => m.layer.inboundNodes).find((n) => !names.has(n)) as string;
    const outputName = topology.outputLayerOf[analysis.expanded.outputOf.get(node.id) ?? ''] as string;
    const prefix = `${node.id}/`;
    const blockNames = new NameAllocator(options.reserved);
    const baseName = node.id.replace(/[^A-Za-z0-9_]/g, '_');
    const items = members.map((m) => {
      const local = m.layer.name.startsWith(`${baseName}_`)
        ? m.layer.name.slice(baseName.length + 1)
        : m.layer.name;
      const comment = firstOfPrimitive.has(m.layer.name)
        ? primitiveComment(m, m.layer.primitiveId.slice(prefix.length), doc)
        : null;
      return layerItem(m, local, comment);
    });
    const scope = assign(items, external, outputName, true, blockNames, options);
    const analysisOfNode = analysis.nodes.get(node.id) as NodeAnalysis;
    const block: BlockScope = {
      node,
      baseName,
      notation: analysisOfNode.notation,
      inputShape: analysisOfNode.inputShapes[0] ?? [],
      outputShape: analysisOfNode.outputShape ?? [],
      steps: scope.steps,
    };
    blocks.push(block);
    topItems.push({
      id: outputName,
      inputs: [external],
      local: node.id,
      make: (inputs, dest) => ({ kind: 'call', block, input: inputs[0] as ValueRef, dest }),
    });
  }
  const output = topology.outputs[0] as string;
  // The input starts in the running variable's place; each language names it its own way until the first
  // statement overwrites it (TypeScript keeps `input` for tf.model, Python's forward receives `x`).
  const scope = assign(topItems, input.layer.name, output, false, topNames, options);
  return ok({ doc, analysis, topology, input, steps: scope.steps, blocks, output: scope.output });
}
