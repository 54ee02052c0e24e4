import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { GraphDoc } from '../../../../shared/graph/schema';
import type { Shape } from '../../../../shared/analysis/types';
import type { WeightLookup } from '../../../../shared/codegen/onnx/weights';
import type { WeightSpec } from '../../../../shared/codegen/tfjs-artifacts';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../../shared/codegen/keras-topology';
import { tfjsArtifacts } from '../../../../shared/codegen/tfjs-artifacts';
import { buildModel } from '../../../../main/training/model/build';
import { rng } from '../../../main/training/model/random-graphs';

/** FNV-1a, so each weight draws from its own stream whatever order the weights are asked in. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Weights as a trained network has them: no zero biases, no identity BatchNorm (the initial weights of the
 * tfjs export have both, and would hide a bias or a BatchNorm vector taken from the wrong place). Kernels are
 * Glorot-uniform, biases and β in ±0.1, γ in [0.5, 1.5], moving means in ±0.1, moving variances in [0.5, 1.5].
 */
export function trainedLikeWeights(seed: number): WeightLookup {
  return (spec: WeightSpec) => {
    const r = rng(hash(spec.name) ^ Math.imul(seed, 0x9e3779b1));
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    const suffix = spec.name.slice(spec.name.lastIndexOf('/') + 1);
    const [lo, hi] =
      spec.init.kind === 'glorot-uniform'
        ? [-1, 1].map(
            (s) =>
              s *
              Math.sqrt(
                6 / ((spec.init as { fanIn: number }).fanIn + (spec.init as { fanOut: number }).fanOut),
              ),
          )
        : suffix === 'gamma' || suffix === 'moving_variance'
          ? [0.5, 1.5]
          : [-0.1, 0.1];
    for (let i = 0; i < n; i += 1) out[i] = (lo as number) + ((hi as number) - (lo as number)) * r();
    return out;
  };
}

/**
 * The app's tfjs model of a graph (main/training/model/build.ts, what training and the run view run), its
 * weights set by name from `lookup`: the reference the ONNX export is compared with.
 */
export function tfjsModel(doc: GraphDoc, lookup: WeightLookup): tf.LayersModel {
  const analysis = analyzeGraph(doc);
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) throw new Error(topology.error.message);
  const artifacts = tfjsArtifacts(doc, {}, analysis);
  if (!artifacts.ok) throw new Error(artifacts.error.message);
  const specs = new Map(artifacts.value.weights.map((s) => [s.name, s]));
  const model = buildModel(topology.value, { initializer: 'zeros' });
  const values = model.weights.map((v) => {
    const spec = specs.get(v.originalName);
    const data = spec === undefined ? null : lookup(spec);
    if (spec === undefined || data === null) throw new Error(`no weight ${v.originalName}`);
    return tf.tensor(data, v.shape as number[]);
  });
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

export function predict(model: tf.LayersModel, input: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync() as Float32Array);
}

/** A seeded input in [0, 1): channels last for tfjs and the same values NCHW for ONNX. */
export function sampleInput(shape: Shape, batch: number, seed: number): { hwc: tf.Tensor; nchw: ort.Tensor } {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: batch * n }, () => r());
  const hwc = tf.tensor(values, [batch, ...shape]);
  if (shape.length !== 3) return { hwc, nchw: new ort.Tensor('float32', values, [batch, ...shape]) };
  const [h, w, c] = shape as [number, number, number];
  const nchw = new Float32Array(values.length);
  for (let b = 0; b < batch; b += 1)
    for (let y = 0; y < h; y += 1)
      for (let x = 0; x < w; x += 1)
        for (let ch = 0; ch < c; ch += 1)
          nchw[((b * c + ch) * h + y) * w + x] = values[((b * h + y) * w + x) * c + ch] as number;
  return { hwc, nchw: new ort.Tensor('float32', nchw, [batch, c, h, w]) };
}

/** ONNX output [N, C, H, W] back to channels last, to compare with tfjs. */
export function toChannelsLast(data: Float32Array, dims: readonly number[]): Float32Array {
  if (dims.length !== 4) return data;
  const [n, c, h, w] = dims as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b += 1)
    for (let ch = 0; ch < c; ch += 1)
      for (let y = 0; y < h; y += 1)
        for (let x = 0; x < w; x += 1)
          out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x] as number;
  return out;
}

/**
 * max |a − b| / max |b|: the error relative to the output's scale (elementwise ratios blow up where an output
 * is near 0). Infinite when the lengths differ or a value is not finite.
 */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return Number.POSITIVE_INFINITY;
    diff = Math.max(diff, Math.abs(x - y));
    scale = Math.max(scale, Math.abs(y));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs an ONNX model (bytes or a file) on one input; returns the output (channels last) and its dims. */
export async function runOnnx(
  model: Uint8Array | string,
  input: ort.Tensor,
): Promise<{ output: Float32Array; dims: readonly number[] }> {
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model, { intraOpNumThreads: 1 })
      : await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const result = await session.run({ [session.inputNames[0] as string]: input });
    const out = result[session.outputNames[0] as string] as ort.Tensor;
    return { output: toChannelsLast(out.data as Float32Array, out.dims), dims: out.dims };
  } finally {
    await session.release();
  }
}

/** The graph input's shape (Stride's, channels last). */
export function inputShapeOf(doc: GraphDoc): Shape {
  const analysis = analyzeGraph(doc);
  const input = analysis.expanded.input;
  const shape = input === null ? null : analysis.primitives.get(input)?.outputShape;
  if (shape == null) throw new Error(`${doc.name}: no input shape`);
  return shape;
}
