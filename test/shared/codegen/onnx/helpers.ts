import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { GraphDoc } from '../../../../shared/graph/schema';
import type { Shape } from '../../../../shared/analysis/types';
import type { WeightLookup } from '../../../../shared/codegen/onnx/weights';
import { tfjsArtifacts, weightValues } from '../../../../shared/codegen/tfjs-artifacts';
import { rng } from '../../../main/training/model/random-graphs';
import '../../../../main/training/model/custom-layers';

/** The seeded initial weights of the tfjs export, by tfjs name, and the tfjs model holding them. */
export interface WeightedModel {
  readonly weights: ReadonlyMap<string, Float32Array>;
  readonly lookup: WeightLookup;
  readonly model: tf.LayersModel;
}

/**
 * The tfjs model `stride export --format tfjs` writes for a graph (model.json + weights.bin, seeded), loaded
 * with tf.loadLayersModel: the reference the ONNX export is compared with.
 */
export async function tfjsExport(doc: GraphDoc, seed = 1): Promise<WeightedModel> {
  const artifacts = tfjsArtifacts(doc);
  if (!artifacts.ok) throw new Error(artifacts.error.message);
  const weights = new Map<string, Float32Array>();
  const data = new Float32Array(artifacts.value.totalBytes / 4);
  let at = 0;
  for (const spec of artifacts.value.weights) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const values = data.subarray(at, at + n);
    weightValues(spec, seed).next(values);
    weights.set(spec.name, values);
    at += n;
  }
  const json = artifacts.value.modelJson as unknown as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: data.buffer,
    }),
  );
  return { weights, lookup: (spec) => weights.get(spec.name) ?? null, model };
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

/** max |a − b| / max |b|: the error relative to the output's scale (elementwise ratios blow up near 0). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i += 1) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs an ONNX model's bytes on one input; returns the output (channels last) and the session load time. */
export async function runOnnx(
  bytes: Uint8Array,
  input: ort.Tensor,
): Promise<{ output: Float32Array; dims: readonly number[]; loadMs: number }> {
  const started = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const loadMs = performance.now() - started;
  try {
    const result = await session.run({ [session.inputNames[0] as string]: input });
    const out = result[session.outputNames[0] as string] as ort.Tensor;
    const dims = out.dims;
    return { output: toChannelsLast(out.data as Float32Array, dims), dims, loadMs };
  } finally {
    await session.release();
  }
}

export { ort };
