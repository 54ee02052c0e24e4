import type { Result } from '../../api/errors';
import type { GraphAnalysis, Shape } from '../../analysis/types';
import type { GraphDoc } from '../../graph/schema';
import type { WeightSpec } from '../tfjs-artifacts';
import type { OnnxModel, OnnxValueInfo } from './model';
import type { Value } from './export-layers';
import type { WeightLookup } from './weights';
import type { Chunks } from './proto';
import { fail, ok } from '../../api/errors';
import { analyzeGraph } from '../../analysis/analyze';
import { toKerasTopology } from '../keras-topology';
import { tfjsArtifacts } from '../tfjs-artifacts';
import { Emitter } from './emitter';
import { emitLayer } from './export-layers';
import { channelFirstFlattens } from './order';
import { encodeModel } from './encode';
import { ONNX_IR_VERSION, ONNX_OPSET, OnnxDataType } from './model';
import { initialWeights, weightLayers } from './weights';

export interface OnnxExportOptions {
  /** The weights to write (a run's or an import's); default: the seeded initial weights of the tfjs export. */
  readonly weights?: WeightLookup;
  /** Seed of the initial weights (as `stride export --format tfjs --seed`), default 1. */
  readonly seed?: number;
  readonly producerVersion?: string;
}

/** The batch axis is symbolic: any batch size runs. */
export const BATCH_DIM = 'batch';

/** NCHW for an image [H, W, C], [N, F] for a vector. */
export const onnxShape = (shape: Shape): (number | string)[] =>
  shape.length === 3 ? [BATCH_DIM, shape[2] ?? 0, shape[0] ?? 0, shape[1] ?? 0] : [BATCH_DIM, ...shape];

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * A graph as an ONNX model (opset 13, NCHW input), with weights. Node names are the tfjs layer names
 * (`c1`, `inc3a_b2_conv`; helper nodes `c1/relu`, `pool1/pad`); initializers are named after their layer
 * (`c1.weight`, `c1.bias`, `bn1.running_mean`), in PyTorch's layout. See docs/export.md.
 */
export function toOnnx(
  doc: GraphDoc,
  options: OnnxExportOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<OnnxModel> {
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) return topology;
  const artifacts = tfjsArtifacts(doc, {}, analysis);
  if (!artifacts.ok) return artifacts;
  const specs = new Map(artifacts.value.weights.map((w) => [w.name, w]));
  const lookup = options.weights ?? initialWeights(options.seed ?? 1);
  const g = analysis.expanded;
  const layerOf = weightLayers(topology.value);
  const channelFirst = channelFirstFlattens(g);
  const e = new Emitter();
  const values = new Map<string, Value>();
  let graphInput: OnnxValueInfo | null = null;
  for (const prim of g.nodes) {
    const a = analysis.primitives.get(prim.id);
    const layer = layerOf.get(prim.id);
    if (a?.outputShape == null || layer === undefined) {
      return fail('CODEGEN_UNSUPPORTED', `Cannot write '${prim.id}' (${prim.kind}).`, prim.origin);
    }
    const inputs = (g.inputsOf.get(prim.id) ?? []).map((s) => values.get(s) as Value);
    if (prim.kind === 'input') {
      graphInput = { name: layer.name, elemType: OnnxDataType.float, shape: onnxShape(a.outputShape) };
      values.set(prim.id, { name: layer.name, shape: a.outputShape, chw: null });
      continue;
    }
    const weight = (suffix: string, shape: readonly number[]): Result<Float32Array> => {
      const name = `${layer.name}/${suffix}`;
      const spec: WeightSpec | undefined = specs.get(name);
      const sameShape = spec !== undefined && spec.shape.join() === shape.join();
      const found = sameShape ? lookup(spec) : null;
      if (found === null || found.length !== size(shape)) {
        return fail(
          'ONNX_EXPORT_WEIGHTS',
          `No weight ${name} of shape [${shape.join(', ')}] for '${prim.id}'${found === null ? '' : ` (it has ${found.length} values)`}.`,
          prim.origin,
        );
      }
      return ok(found);
    };
    const emitted = emitLayer({
      prim,
      name: layer.name,
      inputs,
      outputShape: a.outputShape,
      channelFirstOk: channelFirst.has(prim.id),
      e,
      weight,
    });
    if (!emitted.ok) return emitted;
    values.set(prim.id, emitted.value);
  }
  const output = g.output === null ? undefined : values.get(g.output);
  if (graphInput === null || output === undefined)
    return fail('GRAPH_HAS_ERRORS', 'The graph has no input or output.');
  return ok({
    irVersion: ONNX_IR_VERSION,
    opsets: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Stride',
    producerVersion: options.producerVersion ?? '',
    graph: {
      name: doc.name,
      nodes: e.nodes,
      initializers: e.initializers,
      inputs: [graphInput],
      outputs: [{ name: output.name, elemType: OnnxDataType.float, shape: onnxShape(output.shape) }],
      ...(doc.description === '' ? {} : { docString: doc.description }),
    },
    metadata: [{ key: 'stride.layout', value: 'NCHW input; weights in PyTorch layout (OIHW, [out, in])' }],
  });
}

/** protobuf's limit on one message: ONNX files beyond it need external data, which Stride does not write. */
export const ONNX_MAX_BYTES = 2 ** 31 - 1;

/** toOnnx, encoded: the chunks to write in order. */
export function onnxBytes(
  doc: GraphDoc,
  options: OnnxExportOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<Chunks> {
  const model = toOnnx(doc, options, analysis);
  if (!model.ok) return model;
  const bytes = encodeModel(model.value);
  if (bytes.length > ONNX_MAX_BYTES) {
    return fail(
      'ONNX_EXPORT_TOO_LARGE',
      `The ONNX file would be ${bytes.length} bytes, over protobuf's 2 GiB limit.`,
    );
  }
  return ok(bytes);
}
