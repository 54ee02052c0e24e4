import type { Shape } from '../../analysis/types';
import type { LayerKind } from '../../layers/types';
import type { OnnxNode, OnnxTensor } from './model';
import type {
  ConstValue,
  DraftLayer,
  ImportNote,
  Layout,
  ModelFacts,
  Refusal,
  TensorValue,
  Value,
  WeightRef,
} from './import-context';
import { elementCount, inferLayer } from './import-context';

/** Stride ids allow letters, digits and `_ . : / -` (GraphDoc's IdSchema), at most 128 characters. */
function idFrom(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.:/-]/g, '_').slice(0, 100);
  return cleaned === '' ? 'layer' : cleaned;
}

/**
 * The state of one import: ONNX values as Stride sees them, the Stride layers built so far, and what was
 * refused. Nodes are visited in the file's order (ONNX requires a topological one); a handler may claim the
 * nodes after it that it folds (an activation into its Conv, a Pad into its pooling, the five nodes of a GELU).
 */
export class Walk {
  readonly values = new Map<string, Value>();
  readonly layers: DraftLayer[] = [];
  readonly refusals: Refusal[] = [];
  readonly notes: ImportNote[] = [];
  /** Nodes already taken by a fold. */
  readonly claimed = new Set<OnnxNode>();
  /** Initializers counted as some layer's parameters. */
  readonly countedInitializers = new Set<string>();
  private readonly readers = new Map<string, OnnxNode[]>();
  private readonly graphOutputs: ReadonlySet<string>;
  private readonly ids = new Set<string>();

  constructor(readonly facts: ModelFacts) {
    for (const n of facts.model.graph.nodes) {
      for (const i of n.inputs) if (i !== '') this.readers.set(i, [...(this.readers.get(i) ?? []), n]);
    }
    this.graphOutputs = new Set(facts.model.graph.outputs.map((o) => o.name));
  }

  /** Nodes that read a value; a graph output counts as one more reader (null stands for it). */
  readersOf(value: string): readonly (OnnxNode | null)[] {
    const nodes = this.readers.get(value) ?? [];
    return this.graphOutputs.has(value) ? [...nodes, null] : nodes;
  }

  /** The only node reading a value, or null when there are several (or the value is a graph output). */
  soleReader(value: string): OnnxNode | null {
    const r = this.readersOf(value);
    return r.length === 1 ? (r[0] ?? null) : null;
  }

  label(node: OnnxNode): string {
    if (node.name !== '') return node.name;
    return `${node.opType} #${this.facts.model.graph.nodes.indexOf(node)}`;
  }

  refuse(node: OnnxNode, code: string, message: string): void {
    this.refusals.push({ code, node: this.label(node), opType: node.opType, message });
    for (const o of node.outputs) this.values.set(o, { kind: 'refused' });
  }

  /**
   * Refuses `node` but lets the walk go on past it: its output is a tensor of the shape it would have, so the
   * nodes after it are checked too and every node Stride cannot represent is named (nothing is imported).
   */
  refuseThrough(node: OnnxNode, code: string, message: string, like: TensorValue): void {
    this.refuse(node, code, message);
    const output = node.outputs[0];
    if (output !== undefined && output !== '')
      this.values.set(output, { ...like, node: `refused:${this.label(node)}`, nonNegative: false });
  }

  /** True when some input was refused earlier: the node is skipped without a second report. */
  blocked(node: OnnxNode): boolean {
    return node.inputs.some((i) => this.values.get(i)?.kind === 'refused');
  }

  tensor(node: OnnxNode, index: number): TensorValue | null {
    const v = this.values.get(node.inputs[index] ?? '');
    if (v?.kind === 'tensor') return v;
    if (v?.kind !== 'refused') {
      this.refuse(
        node,
        'ONNX_UNSUPPORTED_SHAPE',
        `input ${index} (${node.inputs[index] ?? 'missing'}) is ${v === undefined ? 'not computed by any earlier node' : 'a constant'}; Stride layers take a computed tensor there`,
      );
    } else for (const o of node.outputs) this.values.set(o, { kind: 'refused' });
    return null;
  }

  constant(node: OnnxNode, index: number, what: string): ConstValue | null {
    const v = this.values.get(node.inputs[index] ?? '');
    if (v?.kind === 'const') return v;
    this.refuse(
      node,
      'ONNX_NOT_CONSTANT',
      `its ${what} (input ${index}, ${node.inputs[index] ?? 'missing'}) is not an initializer or a Constant`,
    );
    return null;
  }

  optionalConstant(node: OnnxNode, index: number): ConstValue | null | undefined {
    const name = node.inputs[index];
    if (name === undefined || name === '') return undefined;
    const v = this.values.get(name);
    return v?.kind === 'const' ? v : null;
  }

  /** A display name: the prefix its parameters share (`layer1.0.conv1` of `layer1.0.conv1.weight`), else the node's. */
  private nameFor(node: OnnxNode, weights: readonly string[]): string {
    const first = weights[0];
    const dot = first?.lastIndexOf('.') ?? -1;
    if (first !== undefined && dot > 0 && !first.startsWith('onnx::')) return first.slice(0, dot);
    return this.label(node);
  }

  private uniqueId(base: string): string {
    let id = idFrom(base);
    for (let i = 2; this.ids.has(id); i += 1) id = `${idFrom(base)}_${i}`;
    this.ids.add(id);
    return id;
  }

  /**
   * Adds a Stride layer for `node` (its output shape from Stride's own rules), its output value under each of
   * `outputs`. Returns null (and refuses the node) when Stride's rules reject the params or the input.
   */
  addLayer(
    node: OnnxNode,
    spec: {
      readonly kind: LayerKind;
      readonly params: Record<string, unknown>;
      readonly inputs: readonly TensorValue[];
      readonly output?: string;
      readonly layout: Layout;
      readonly chw?: TensorValue['chw'];
      readonly weights?: readonly { readonly ref: WeightRef; readonly tensor: OnnxTensor }[];
      /** Initializers counted as parameters but not carried as weights (none today; kept explicit). */
      readonly nonNegative?: boolean;
      readonly nameBase?: string;
    },
  ): DraftLayer | null {
    const inferred = inferLayer(
      spec.kind,
      spec.params,
      spec.inputs.map((i) => i.shape),
    );
    if (!inferred.ok) {
      this.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', inferred.message);
      return null;
    }
    const weights = spec.weights ?? [];
    const name =
      spec.nameBase ??
      this.nameFor(
        node,
        weights.map((w) => w.tensor.name),
      );
    const layer: DraftLayer = {
      id: this.uniqueId(name),
      name: name.slice(0, 200),
      kind: spec.kind,
      params: spec.params,
      inputs: spec.inputs.map((i) => i.node),
      onnxNodes: [this.label(node)],
      counted: weights.map((w) => ({ name: w.tensor.name, count: elementCount(w.tensor) })),
      weights: weights.map((w) => w.ref),
    };
    for (const w of weights) this.countedInitializers.add(w.tensor.name);
    this.layers.push(layer);
    this.values.set(spec.output ?? (node.outputs[0] as string), {
      kind: 'tensor',
      node: layer.id,
      shape: inferred.shape,
      layout: spec.layout,
      chw: spec.chw ?? null,
      nonNegative: spec.nonNegative ?? false,
    });
    return layer;
  }

  /** The output of `node` is the same tensor as `value` (Identity, a Flatten of pooled [N, C, 1, 1] …). */
  alias(output: string, value: TensorValue): void {
    this.values.set(output, value);
  }

  /** Re-infers a layer's output after a fold changed its params (an activation never changes the shape). */
  refold(layer: DraftLayer, output: string, nonNegative: boolean): void {
    const v = this.values.get(layer.onnxNodes.length > 0 ? output : output);
    if (v?.kind === 'tensor') this.values.set(output, { ...v, nonNegative });
  }

  shapeOf(value: TensorValue): Shape {
    return value.shape;
  }
}
