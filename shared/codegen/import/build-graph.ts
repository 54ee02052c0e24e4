import type { Result } from '../../api/errors';
import type { GraphEdge, GraphNode } from '../../graph/schema';
import type { Mapped } from './keras-layers';
import type { KerasSource, RawLayer } from './source';
import { fail, ok } from '../../api/errors';
import { KERAS_LEAKY_ALPHA } from '../../layers/common/keras';
import { getKind } from '../../layers/registry';
import { mapLayer } from './keras-layers';
import { ImportErrorCode } from './source';

/** One thing the importer could not carry over exactly, tied to the layer (and node) it concerns. */
export interface ImportIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** The Keras layer's name. */
  readonly layer: string;
  readonly className: string;
  /** The node it became or whose input now stands in for it (null when none). */
  readonly nodeId: string | null;
  readonly message: string;
  /** Why the layer cannot be represented, without what a lenient import did about it. */
  readonly reason?: string;
}

export interface BuiltGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly issues: ImportIssue[];
  /** Node id → the axis its Keras layer named, to check once shapes are known. */
  readonly axes: ReadonlyMap<string, number>;
}

const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A GraphDoc id from a Keras name: allowed characters only, ≤ 128, never an Object.prototype key. */
function idAllocator(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    let base = name.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 120) || 'layer';
    if (PROTOTYPE_KEYS.has(base)) base = `${base}_layer`;
    let id = base;
    for (let i = 2; taken.has(id); i += 1) id = `${base}_${i}`;
    taken.add(id);
    return id;
  };
}

interface Entry {
  readonly layer: RawLayer;
  mapped: Mapped;
  inbound: string[];
  /** Folded into its consumer (a `<x>_pad` ZeroPadding2D, a `<x>_act` LeakyReLU). */
  folded: boolean;
}

/**
 * Stride's own exporter writes explicit padding as `<x>_pad` ZeroPadding2D + 'valid', and a leaky ReLU
 * folded into a Conv2D/Dense as `<x>_act` (the kinds whose traits say padsBefore / activatesAfter); reading
 * them back as one node restores the graph as drawn. A
 * padding layer with another name (a Keras model's own ZeroPadding2D) stays a layer of its own.
 */
function fold(entries: Map<string, Entry>, consumers: Map<string, string[]>): void {
  for (const e of entries.values()) {
    const m = e.mapped;
    if (m.kind !== 'node') continue;
    const users = consumers.get(e.layer.name) ?? [];
    if (m.nodeKind === 'zeropadding2d' && e.layer.name.endsWith('_pad') && users.length === 1) {
      const target = entries.get(users[0] as string);
      const tm = target?.mapped;
      if (target === undefined || tm?.kind !== 'node' || getKind(tm.nodeKind)?.traits.padsBefore !== true)
        continue;
      if (target.layer.name !== e.layer.name.slice(0, -4) || tm.params.padding !== 'valid') continue;
      const pad = m.params.padding;
      const pads = typeof pad === 'number' ? [pad, pad, pad, pad] : (pad as number[]);
      target.mapped = {
        ...tm,
        params: { ...tm.params, padding: pads.every((p) => p === pads[0]) ? pads[0] : pads },
      };
      target.inbound = e.inbound;
      e.folded = true;
    }
    // A LeakyReLU (Keras's slope) or StrideHardSwish layer `<layer>_act`: the activation of a Conv2D/Dense.
    if (
      m.nodeKind === 'activation' &&
      (m.params.activation === 'leaky_relu' || m.params.activation === 'hard_swish') &&
      e.layer.name.endsWith('_act')
    ) {
      const source = entries.get(e.inbound[0] ?? '');
      const sm = source?.mapped;
      if (source === undefined || sm?.kind !== 'node' || getKind(sm.nodeKind)?.traits.activatesAfter !== true)
        continue;
      if (source.layer.name !== e.layer.name.slice(0, -4) || sm.params.activation !== 'linear') continue;
      const leaky = m.params.activation === 'leaky_relu';
      if (
        (leaky && m.params.alpha !== KERAS_LEAKY_ALPHA) ||
        (consumers.get(source.layer.name) ?? []).length !== 1
      )
        continue;
      source.mapped = { ...sm, params: { ...sm.params, activation: m.params.activation } };
      e.folded = true;
      for (const other of entries.values())
        other.inbound = other.inbound.map((i) => (i === e.layer.name ? source.layer.name : i));
    }
  }
}

/** Nodes and edges of the source's layers; layers Stride cannot represent are bridged and reported. */
export function buildGraph(source: KerasSource): Result<BuiltGraph> {
  let layers = source.layers;
  const first = layers[0];
  // A Sequential without an InputLayer declares its input shape on its first layer.
  if (first !== undefined && first.className !== 'InputLayer' && first.inbound.length === 0) {
    const shape = first.config.get('batch_input_shape') ?? first.config.get('batch_shape');
    if (!Array.isArray(shape)) return fail(ImportErrorCode.noInput, 'The model declares no input shape.');
    const taken = new Set(layers.map((l) => l.name));
    let name = 'input';
    for (let i = 1; taken.has(name); i += 1) name = `input_${i}`;
    const input: RawLayer = {
      className: 'InputLayer',
      name,
      config: new Map([['batch_input_shape', shape]]),
      inbound: [],
    };
    layers = [input, { ...first, inbound: [name] }, ...layers.slice(1)];
  }
  if (source.outputs.length > 1) {
    return fail(
      ImportErrorCode.multipleOutputs,
      `The model has ${source.outputs.length} outputs; a Stride graph has one.`,
    );
  }
  const entries = new Map<string, Entry>();
  for (const layer of layers) {
    if (entries.has(layer.name))
      return fail(ImportErrorCode.notAModel, `Two layers are named '${layer.name}'.`);
    for (const i of layer.inbound) {
      if (!entries.has(i)) {
        return fail(
          ImportErrorCode.unknownInbound,
          `Layer '${layer.name}' takes its input from '${i}', which is not an earlier layer of the model.`,
        );
      }
    }
    entries.set(layer.name, { layer, mapped: mapLayer(layer), inbound: [...layer.inbound], folded: false });
  }
  const inputs = [...entries.values()].filter((e) => e.mapped.kind === 'input');
  if (inputs.length === 0) return fail(ImportErrorCode.noInput, 'The model has no InputLayer.');
  if (inputs.length > 1) {
    return fail(
      ImportErrorCode.multipleInputs,
      `The model has ${inputs.length} inputs; a Stride graph has one.`,
    );
  }
  const input = inputs[0] as Entry;
  const declared = (input.mapped as { shape: readonly (number | null)[] }).shape;
  const shape = declared.slice(1);
  const positive = shape.every(
    (d) => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 1_000_000,
  );
  if (!positive || (shape.length !== 3 && shape.length !== 1)) {
    return fail(
      ImportErrorCode.inputShape,
      `The input shape is ${JSON.stringify(declared)}; Stride needs [null, H, W, C] (an image, channels last) ` +
        'or [null, N] (a vector), every size known.',
    );
  }
  input.mapped = { kind: 'input', shape };
  const issues: ImportIssue[] = [];
  // Bridge unsupported layers: their consumers take their (first) input instead.
  const alias = new Map<string, string>();
  const resolve = (name: string): string => {
    let n = name;
    for (let hops = 0; alias.has(n) && hops < entries.size; hops += 1) n = alias.get(n) as string;
    return n;
  };
  for (const e of entries.values()) {
    e.inbound = e.inbound.map(resolve);
    if (e.mapped.kind !== 'unsupported') continue;
    const into = e.inbound[0];
    if (into === undefined) {
      return fail(
        e.mapped.code,
        `Layer '${e.layer.name}' (${e.layer.className}) cannot be imported: ${e.mapped.message}.`,
      );
    }
    alias.set(e.layer.name, into);
    issues.push({
      code: e.mapped.code,
      severity: 'warning',
      layer: e.layer.name,
      className: e.layer.className,
      nodeId: null,
      reason: e.mapped.message,
      message:
        `${e.layer.className} '${e.layer.name}' was left out (${e.mapped.message}); the layers after it take ` +
        `its input${e.inbound.length > 1 ? ` (the first of ${e.inbound.length})` : ''} instead, so shapes there may differ.`,
    });
  }
  const consumers = new Map<string, string[]>();
  for (const e of entries.values()) {
    if (e.mapped.kind === 'unsupported') continue;
    for (const i of e.inbound) (consumers.get(i) ?? consumers.set(i, []).get(i))?.push(e.layer.name);
  }
  fold(entries, consumers);

  const newId = idAllocator();
  const ids = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const axes = new Map<string, number>();
  for (const e of entries.values()) {
    if (e.mapped.kind === 'unsupported' || e.folded) continue;
    const id = newId(e.layer.name);
    ids.set(e.layer.name, id);
    const m = e.mapped;
    const params = m.kind === 'input' ? { shape: m.shape } : m.params;
    nodes.push({
      id,
      kind: m.kind === 'input' ? 'input' : m.nodeKind,
      name: e.layer.name,
      params: params as GraphNode['params'],
      position: { x: 0, y: 0 },
      // A layer the file froze (Keras `trainable: false`) stays frozen for fine-tuning.
      ...(m.kind === 'node' && e.layer.config.get('trainable') === false ? { trainable: false } : {}),
    });
    if (m.kind === 'node' && m.axis !== undefined) axes.set(id, m.axis);
    if (m.kind === 'node' && m.note !== undefined) {
      issues.push({
        ...m.note,
        severity: 'warning',
        layer: e.layer.name,
        className: e.layer.className,
        nodeId: id,
      });
    }
  }
  const sourceId = (name: string): string | undefined => {
    let n = resolve(name);
    // A folded `_act` layer's consumers were rewired already; a folded `_pad` is never a source.
    while (entries.get(n)?.folded === true) n = resolve(entries.get(n)?.inbound[0] ?? '');
    return ids.get(n);
  };
  for (const e of entries.values()) {
    const target = ids.get(e.layer.name);
    if (target === undefined) continue;
    e.inbound.forEach((name, port) => {
      const source = sourceId(name);
      if (source !== undefined) edges.push({ id: `e${edges.length + 1}`, source, target, targetPort: port });
    });
  }
  return ok({ nodes, edges, issues, axes });
}
