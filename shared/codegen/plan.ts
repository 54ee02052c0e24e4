import type { Result } from '../api/errors';
import type { GraphAnalysis, NodeAnalysis, Shape } from '../analysis/types';
import type { BlockDef, GraphDoc, GraphNode } from '../graph/schema';
import type { KerasLayer, KerasTopology } from './keras-topology';
import type { Item, ScopeContext } from './plan-scope';
import { ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { toKerasTopology } from './keras-topology';
import { NameAllocator } from './names';
import { assign, collectItems } from './plan-scope';
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

/**
 * `c1 (C1): Conv 6@5×5 /1 valid tanh → 28×28×6`, the shape reordered for the language (NCHW for PyTorch);
 * without the shape in a helper shared by uses that see different shapes. Plain text: the printer escapes it
 * for its comments (tsComment, pyComment).
 */
export function commentLine(c: StepComment, order: (s: Shape) => Shape = (s) => s, withShape = true): string {
  const shape = withShape ? ` → ${shapeText(order(c.shape))}` : '';
  return `${c.title}: ${c.notation}${shape}`;
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

/** A call of a user block's helper: one per library definition, shared by all of its uses. */
export interface UseStep {
  readonly kind: 'use';
  readonly use: BlockUse;
  readonly input: ValueRef;
  readonly dest: Destination;
}

export type Step = LayerStep | CallStep | UseStep;

/** One use of a library definition (a `group` node), planned on its own; printers share equal ones. */
export interface BlockUse {
  /** The group node, in the graph that holds it (the document or a block's body). */
  readonly node: GraphNode;
  readonly blockId: string;
  readonly definition: BlockDef;
  /** `group_1`, or `outer/inner` for a use inside another block. */
  readonly path: string;
  /** Every layer of the use is named `<prefix>_<part>` (`group_1_conv2d_1`): the helper takes the prefix. */
  readonly prefix: string;
  readonly notation: string;
  /** Names of the layer feeding the use and of its output layer. */
  readonly inputName: string;
  readonly outputName: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly steps: readonly Step[];
}

/** An Inception/Residual block at the top level: one helper per use, its layers named literally. */
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
  /** Inception/Residual helpers, in call order (user blocks are UseSteps). */
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
  const firstOfPrimitive = new Set<string>();
  const seen = new Set<string>();
  for (const p of all) {
    if (!seen.has(p.layer.primitiveId)) firstOfPrimitive.add(p.layer.name);
    seen.add(p.layer.primitiveId);
  }
  const blocks: BlockScope[] = [];
  const ctx: ScopeContext = {
    doc,
    options,
    firstOfPrimitive,
    helpers: blocks,
    helperFacts: (node) => {
      const a = analysis.nodes.get(node.id) as NodeAnalysis;
      return { notation: a.notation, inputShape: a.inputShapes[0] ?? [], outputShape: a.outputShape ?? [] };
    },
    newNames: () => new NameAllocator(options.reserved),
  };
  const items: Item[] = [];
  const top = { path: '', nodes: new Map(doc.nodes.map((n) => [n.id, n])) };
  collectItems(
    all.filter((p) => p !== input),
    top,
    { kind: 'top', root: '', namePrefix: null },
    ctx,
    items,
  );
  const output = topology.outputs[0] as string;
  // The input starts in the running variable's place; each language names it its own way until the first
  // statement overwrites it (TypeScript keeps `input` for tf.model, Python's forward receives `x`).
  const scope = assign(items, input.layer.name, output, false, new NameAllocator(options.reserved), options);
  return ok({ doc, analysis, topology, input, steps: scope.steps, blocks, output: scope.output });
}

/** Every user block use in `steps`, nested ones included, in the order they run. */
export function usesIn(steps: readonly Step[]): BlockUse[] {
  return steps.flatMap((s) =>
    s.kind === 'use' ? [s.use, ...usesIn(s.use.steps)] : s.kind === 'call' ? usesIn(s.block.steps) : [],
  );
}
