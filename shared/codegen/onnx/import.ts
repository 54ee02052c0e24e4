import type { StrideError } from '../../api/errors';
import type { Shape } from '../../analysis/types';
import type { GraphDoc, GraphEdge, GraphNode } from '../../graph/schema';
import type { OnnxModel, OnnxNode, OnnxTensor } from './model';
import type { DraftLayer, ImportNote, Refusal, WeightRef } from './import-context';
import type { WeightLookup } from './weights';
import { analyzeGraph } from '../../analysis/analyze';
import { parseGraphDoc } from '../../graph/migrate';
import { GRAPH_LIMITS, GRAPH_VERSION } from '../../graph/schema';
import { layeredLayout } from '../import/layout';
import { decodeModel } from './decode';
import { ProtoError } from './proto';
import { OnnxDataType } from './model';
import { elementCount } from './import-context';
import { Walk } from './import-walk';
import { HANDLERS } from './import-ops';
import { importedWeights } from './import-weights';
import { foldNegatedPads } from './import-rewrite';

export type { ImportNote, Refusal, WeightRef } from './import-context';

/** One Stride layer and the ONNX it came from: the faithfulness check, per layer. */
export interface OnnxLayerReport {
  readonly nodeId: string;
  readonly kind: string;
  readonly onnxNodes: readonly string[];
  /** Stride's parameter count (analysis) … */
  readonly params: number;
  /** … and the element count of the ONNX initializers it holds. Equal, or the import is refused. */
  readonly onnxParams: number;
  readonly weights: readonly WeightRef[];
}

export interface OnnxImportReport {
  readonly source: 'onnx';
  readonly producer: string;
  readonly opset: number;
  readonly onnxNodes: number;
  readonly nodes: number;
  readonly totalParams: number;
  /** Elements of the float initializers the graph's layers hold as parameters. */
  readonly onnxParams: number;
  readonly layers: readonly OnnxLayerReport[];
  readonly notes: readonly ImportNote[];
}

export interface OnnxImport {
  readonly doc: GraphDoc;
  readonly report: OnnxImportReport;
  /** The file's weights by tfjs name, in tfjs's layout (see import-weights.ts): the network as trained. */
  readonly weights: WeightLookup;
}

/** A refusal: `error` sums it up (the first reason), `errors` lists each node Stride cannot represent. */
export type OnnxImportResult =
  | { readonly ok: true; readonly value: OnnxImport }
  | { readonly ok: false; readonly error: StrideError; readonly errors: readonly StrideError[] };

const refusal = (code: string, message: string, nodeId: string | null = null): OnnxImportResult => {
  const error: StrideError = { code, severity: 'error', nodeId, message };
  return { ok: false, error, errors: [error] };
};

function refused(list: readonly Refusal[]): OnnxImportResult {
  const errors = list.map((r): StrideError => ({
    code: r.code,
    severity: 'error',
    nodeId: r.node,
    message: `${r.node} (${r.opType}): ${r.message}`,
  }));
  const first = errors[0] as StrideError;
  return {
    ok: false,
    error: {
      ...first,
      message: `${list.length} ONNX node(s) cannot be represented exactly; first: ${first.message}`,
    },
    errors,
  };
}

/** Constant nodes as values (value, value_float(s), value_int(s)). */
function constantTensor(node: OnnxNode): OnnxTensor | null {
  for (const a of node.attributes) {
    if (a.type === 'tensor' && a.name === 'value') return a.value;
    if (a.name === 'value_float' && a.type === 'float')
      return { name: node.outputs[0] ?? '', dims: [], dataType: OnnxDataType.float, floats: [a.value] };
    if (a.name === 'value_floats' && a.type === 'floats')
      return {
        name: node.outputs[0] ?? '',
        dims: [a.value.length],
        dataType: OnnxDataType.float,
        floats: a.value,
      };
    if (a.name === 'value_int' && a.type === 'int')
      return { name: node.outputs[0] ?? '', dims: [], dataType: OnnxDataType.int64, ints: [a.value] };
    if (a.name === 'value_ints' && a.type === 'ints')
      return {
        name: node.outputs[0] ?? '',
        dims: [a.value.length],
        dataType: OnnxDataType.int64,
        ints: a.value,
      };
  }
  return null;
}

/** The graph input as Stride's: [N, C, H, W] → [H, W, C], [N, F] → [F]; null when not one of those. */
function inputShape(dims: readonly (number | string | null)[] | null): Shape | null {
  if (dims === null) return null;
  const known = dims.slice(1);
  if (!known.every((d): d is number => typeof d === 'number' && d > 0)) return null;
  if (dims.length === 4) return [known[1] as number, known[2] as number, known[0] as number];
  if (dims.length === 2) return [known[0] as number];
  return null;
}

/**
 * Operators Stride has no layer for whose output has their first input's shape (elementwise activations,
 * per-channel normalisations): the walk goes on past them, so every node Stride lacks is named at once
 * (e.g. each HardSwish of MobileNet v3), not only the first. (A Clip to [0, 6] is ReLU6, a Clip at 0 a ReLU.)
 */
const SHAPE_KEEPING: ReadonlySet<string> = new Set([
  'Clip',
  'HardSigmoid',
  'HardSwish',
  'Selu',
  'Celu',
  'PRelu',
  'ThresholdedRelu',
  'Softplus',
  'Softsign',
  'Mish',
  'Abs',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Sin',
  'Cos',
  'Erf',
  'Sign',
  'Shrink',
  'InstanceNormalization',
  'LpNormalization',
  'MeanVarianceNormalization',
]);

function isStandard(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

/** The graph a decoded model describes, or the reasons it cannot be represented exactly. */
export function importOnnxModel(file: OnnxModel, fileName = 'model'): OnnxImportResult {
  const nodes = foldNegatedPads(file.graph.nodes);
  const model = nodes === file.graph.nodes ? file : { ...file, graph: { ...file.graph, nodes } };
  const opset = model.opsets.find((o) => isStandard(o.domain))?.version ?? 0;
  if (opset < 9)
    return refusal('ONNX_OPSET', `The model uses opset ${opset}; Stride reads opset 9 and later.`);
  const g = model.graph;
  const initializers = new Map(g.initializers.map((t) => [t.name, t]));
  const inputs = g.inputs.filter((i) => !initializers.has(i.name));
  if (inputs.length !== 1) {
    return refusal(
      'ONNX_INPUT',
      `The graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); a Stride graph has one.`,
    );
  }
  if (g.outputs.length !== 1) {
    return refusal('ONNX_OUTPUT', `The graph has ${g.outputs.length} outputs; a Stride graph has one.`);
  }
  const input = inputs[0] as (typeof inputs)[number];
  const shape = inputShape(input.shape);
  if (shape === null || (input.elemType !== null && input.elemType !== OnnxDataType.float)) {
    return refusal(
      'ONNX_INPUT',
      `The input '${input.name}' is ${input.shape === null ? 'of unknown shape' : `[${input.shape.map((d) => d ?? '?').join(', ')}]`}; Stride needs float [N, C, H, W] or [N, F] with every size but N known.`,
    );
  }
  const walk = new Walk({ model, opset, fromStride: model.producerName === 'Stride' });
  for (const t of g.initializers) walk.values.set(t.name, { kind: 'const', tensor: t });
  const inputLayer = walk.addLayer(
    { name: input.name, opType: 'Input', domain: '', inputs: [], outputs: [input.name], attributes: [] },
    {
      kind: 'input',
      params: { shape: [...shape] },
      inputs: [],
      layout: shape.length === 3 ? 'nchw' : 'vector',
      nameBase: input.name,
    },
  );
  if (inputLayer === null) return refused(walk.refusals);
  inputLayer.onnxNodes.length = 0;
  for (const node of g.nodes) {
    if (walk.claimed.has(node)) continue;
    if (node.opType === 'Constant' && isStandard(node.domain)) {
      const t = constantTensor(node);
      if (t === null)
        walk.refuse(node, 'ONNX_NOT_CONSTANT', 'a Constant of a kind Stride does not read (sparse)');
      else
        walk.values.set(node.outputs[0] ?? '', {
          kind: 'const',
          tensor: { ...t, name: node.outputs[0] ?? t.name },
        });
      continue;
    }
    if (walk.blocked(node)) {
      for (const o of node.outputs) walk.values.set(o, { kind: 'refused' });
      continue;
    }
    const handler = isStandard(node.domain) ? HANDLERS.get(node.opType) : undefined;
    if (handler === undefined) {
      const op = isStandard(node.domain) ? node.opType : `${node.domain}.${node.opType}`;
      const message = `Stride has no layer for the ${op} operator`;
      const x = walk.values.get(node.inputs[0] ?? '');
      if (isStandard(node.domain) && SHAPE_KEEPING.has(node.opType) && x?.kind === 'tensor')
        walk.refuseThrough(node, 'ONNX_UNSUPPORTED_OP', message, x);
      else walk.refuse(node, 'ONNX_UNSUPPORTED_OP', message);
      continue;
    }
    handler(walk, node);
  }
  if (walk.refusals.length > 0) return refused(walk.refusals);
  const out = walk.values.get(g.outputs[0]?.name ?? '');
  if (out?.kind !== 'tensor' || out.layout === 'nhwc') {
    return refusal(
      'ONNX_OUTPUT',
      `The graph output '${g.outputs[0]?.name ?? ''}' is not a layer output Stride can give.`,
    );
  }
  return assemble(model, walk, out.node, fileName, opset);
}

function assemble(
  model: OnnxModel,
  walk: Walk,
  outputNode: string,
  fileName: string,
  opset: number,
): OnnxImportResult {
  // Layers that do not lead to the output (a second head, a dropped branch) are refused, not silently lost.
  const reaches = new Set<string>([outputNode]);
  for (let i = walk.layers.length - 1; i >= 0; i -= 1) {
    const l = walk.layers[i] as DraftLayer;
    if (reaches.has(l.id)) for (const s of l.inputs) reaches.add(s);
  }
  const dangling = walk.layers.filter((l) => !reaches.has(l.id));
  if (dangling.length > 0) {
    return refusal(
      'ONNX_OUTPUT',
      `${dangling.length} layer(s) do not lead to the graph output (${dangling
        .map((l) => l.name)
        .slice(0, 5)
        .join(', ')}); a Stride graph has one output.`,
      dangling[0]?.id ?? null,
    );
  }
  if (walk.layers.length > GRAPH_LIMITS.maxNodes) {
    return refusal('IMPORT_TOO_MANY_LAYERS', `The graph would have ${walk.layers.length} layers.`);
  }
  const nodes: GraphNode[] = walk.layers.map((l) => ({
    id: l.id,
    kind: l.kind,
    name: l.name,
    params: l.params as GraphNode['params'],
    position: { x: 0, y: 0 },
  }));
  const edges: GraphEdge[] = walk.layers
    .flatMap((l) => l.inputs.map((source, port) => ({ source, target: l.id, targetPort: port })))
    .map((e, i) => ({ id: `e${i}`, ...e }));
  const name = model.graph.name.trim() === '' ? fileName : model.graph.name.trim();
  const parsed = parseGraphDoc({
    version: GRAPH_VERSION,
    name: name.slice(0, GRAPH_LIMITS.maxNameLength),
    description: `Imported from ONNX (${model.producerName === '' ? 'unknown producer' : `${model.producerName} ${model.producerVersion}`.trim()}, opset ${opset}).`,
    nodes: layeredLayout(nodes, edges),
    edges,
  });
  if (!parsed.ok)
    return refusal('IMPORT_INVALID_GRAPH', `The imported graph is not valid: ${parsed.error.message}`);
  const doc = parsed.value;
  const analysis = analyzeGraph(doc);
  if (!analysis.ok) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    return refusal(
      'ONNX_UNSUPPORTED_SHAPE',
      `The imported graph has errors: ${first?.message ?? 'unknown'}`,
      first?.nodeId ?? null,
    );
  }
  const layers: OnnxLayerReport[] = walk.layers.map((l) => ({
    nodeId: l.id,
    kind: l.kind,
    onnxNodes: l.onnxNodes,
    params: analysis.nodes.get(l.id)?.params.total ?? 0,
    onnxParams: l.counted.reduce((a, c) => a + c.count, 0),
    weights: l.weights,
  }));
  const mismatched = layers.filter((l) => l.params !== l.onnxParams);
  if (mismatched.length > 0) {
    const errors = mismatched.map((l): StrideError => ({
      code: 'ONNX_COUNT_MISMATCH',
      severity: 'error',
      nodeId: l.nodeId,
      message: `${l.nodeId} (${l.onnxNodes.join(', ')}): Stride counts ${l.params} parameters, the ONNX initializers hold ${l.onnxParams}`,
    }));
    return { ok: false, error: errors[0] as StrideError, errors };
  }
  const onnxParams = layers.reduce((a, l) => a + l.onnxParams, 0);
  const unused = model.graph.initializers.filter(
    (t) =>
      t.dataType === OnnxDataType.float &&
      elementCount(t) > 1 &&
      !walk.countedInitializers.has(t.name) &&
      !usedByNode(model, t.name),
  );
  const notes = [...walk.notes];
  if (unused.length > 0) {
    notes.push({
      code: 'ONNX_UNSUPPORTED_SHAPE',
      severity: 'info',
      nodeId: doc.nodes[0]?.id ?? '',
      message: `${unused.length} initializer(s) no node reads (${unused
        .slice(0, 3)
        .map((t) => t.name)
        .join(', ')}): not part of the network.`,
    });
  }
  const tensors = new Map<string, OnnxTensor>();
  for (const [name, v] of walk.values) if (v.kind === 'const') tensors.set(name, v.tensor);
  return {
    ok: true,
    value: {
      doc,
      weights: importedWeights(doc, layers, tensors),
      report: {
        source: 'onnx',
        producer: `${model.producerName} ${model.producerVersion}`.trim(),
        opset,
        onnxNodes: model.graph.nodes.length,
        nodes: doc.nodes.length,
        totalParams: analysis.totals.params,
        onnxParams,
        layers,
        notes,
      },
    },
  };
}

function usedByNode(model: OnnxModel, name: string): boolean {
  return model.graph.nodes.some((n) => n.inputs.includes(name));
}

/** Limits on the file itself (VGG-16 with weights is 553 MB). */
export const ONNX_MAX_FILE_BYTES = 2 ** 31 - 1;

/** An ONNX file's bytes → a Stride graph, exactly, or a coded refusal naming every node it cannot represent. */
export function importOnnx(bytes: Uint8Array, fileName = 'model'): OnnxImportResult {
  if (bytes.length > ONNX_MAX_FILE_BYTES)
    return refusal('IMPORT_TOO_LARGE', 'The file is over 2 GiB, protobuf’s limit.');
  let model: OnnxModel;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    if (error instanceof ProtoError || error instanceof RangeError) {
      return refusal('ONNX_NOT_A_MODEL', `Not an ONNX model: ${error.message}.`);
    }
    throw error;
  }
  if (model.graph.nodes.length === 0)
    return refusal('ONNX_NOT_A_MODEL', 'Not an ONNX model: the graph has no nodes.');
  return importOnnxModel(model, fileName);
}
