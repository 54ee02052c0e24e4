import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { JsonObject } from './keras-json';
import { assertNever, ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { toKerasTopology } from './keras-topology';
import { kerasModelConfig, STRIDE_GRAPH_KEY, strideGraphMeta } from './keras-json';
import { plannedLayers, type PlannedLayer } from './plan';

/**
 * A tfjs "layers-model" (model.json + one weights file) for a graph that has not been trained: the topology
 * and initial weights — Glorot-uniform kernels (Keras's default), zero biases, BatchNorm γ = 1, β = 0, moving
 * mean 0 and variance 1 — drawn from a seeded generator, so the same graph and seed give the same bytes.
 * Weight names are `<layer>/<weight>` exactly as tfjs-layers names them, so tf.loadLayersModel matches them.
 */
export const WEIGHTS_FILE = 'weights.bin';

export type WeightInit =
  | { readonly kind: 'glorot-uniform'; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'constant'; readonly value: number };

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  readonly init: WeightInit;
}

export interface TfjsArtifacts {
  /** model.json, complete (weightsManifest included). */
  readonly modelJson: JsonObject;
  /** In the order their bytes follow each other in weights.bin. */
  readonly weights: readonly WeightSpec[];
  readonly totalBytes: number;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The weights tfjs-layers creates for one layer, in its order, named `<layer>/<weight>` as it names them. */
function layerWeights(p: PlannedLayer): WeightSpec[] {
  const { name, className, config } = p.layer;
  const channels = p.inputShape[p.inputShape.length - 1] ?? 0;
  const specs: WeightSpec[] = [];
  const add = (weight: string, shape: number[], init: WeightInit) =>
    specs.push({ name: `${name}/${weight}`, shape, dtype: 'float32', init });
  switch (className) {
    case 'Conv2D':
    case 'StrideGroupedConv2D': {
      const [kh, kw] = config.kernelSize as [number, number];
      const filters = config.filters as number;
      // A grouped kernel is [FH, FW, C/g, F]; Glorot's fans follow its shape, as Keras computes them.
      const depth = channels / ((config.groups as number | undefined) ?? 1);
      add('kernel', [kh, kw, depth, filters], {
        kind: 'glorot-uniform',
        fanIn: kh * kw * depth,
        fanOut: kh * kw * filters,
      });
      if (config.useBias === true) add('bias', [filters], { kind: 'constant', value: 0 });
      return specs;
    }
    case 'Conv2DTranspose':
    case 'StrideConv2DTranspose': {
      // [FH, FW, F, C]: tfjs's fans are F·FH·FW in and C·FH·FW out (the sum is what Glorot uses).
      const [kh, kw] = config.kernelSize as [number, number];
      const filters = config.filters as number;
      add('kernel', [kh, kw, filters, channels], {
        kind: 'glorot-uniform',
        fanIn: kh * kw * filters,
        fanOut: kh * kw * channels,
      });
      if (config.useBias === true) add('bias', [filters], { kind: 'constant', value: 0 });
      return specs;
    }
    case 'DepthwiseConv2D': {
      const [kh, kw] = config.kernelSize as [number, number];
      const m = config.depthMultiplier as number;
      add('depthwise_kernel', [kh, kw, channels, m], {
        kind: 'glorot-uniform',
        fanIn: kh * kw * channels,
        fanOut: kh * kw * m,
      });
      if (config.useBias === true) add('bias', [channels * m], { kind: 'constant', value: 0 });
      return specs;
    }
    case 'Dense': {
      const units = config.units as number;
      add('kernel', [channels, units], { kind: 'glorot-uniform', fanIn: channels, fanOut: units });
      if (config.useBias === true) add('bias', [units], { kind: 'constant', value: 0 });
      return specs;
    }
    case 'BatchNormalization':
      if (config.scale === true) add('gamma', [channels], { kind: 'constant', value: 1 });
      if (config.center === true) add('beta', [channels], { kind: 'constant', value: 0 });
      add('moving_mean', [channels], { kind: 'constant', value: 0 });
      add('moving_variance', [channels], { kind: 'constant', value: 1 });
      return specs;
    // No weights.
    case 'InputLayer':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'StrideMinPool2D':
    case 'StridePool2D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
    case 'ZeroPadding2D':
    case 'UpSampling2D':
    case 'Flatten':
    case 'Reshape':
    case 'Multiply':
    case 'Dropout':
    case 'StrideLRN':
    case 'Activation':
    case 'LeakyReLU':
    case 'StrideHardSwish':
    case 'Softmax':
    case 'Add':
    case 'Concatenate':
      return specs;
    default:
      return assertNever(className, 'Keras class');
  }
}

function weightSpecs(doc: GraphDoc, analysis: GraphAnalysis): Result<WeightSpec[]> {
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) return topology;
  return ok(plannedLayers(topology.value, analysis).flatMap(layerWeights));
}

export interface TfjsOptions {
  /** Names the program in model.json's `generatedBy`. */
  readonly generatedBy?: string;
}

export function tfjsArtifacts(
  doc: GraphDoc,
  options: TfjsOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<TfjsArtifacts> {
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) return topology;
  const specs = weightSpecs(doc, analysis);
  if (!specs.ok) return specs;
  const weights = specs.value;
  const modelJson: JsonObject = {
    format: 'layers-model',
    generatedBy: options.generatedBy ?? 'Stride',
    convertedBy: null,
    modelTopology: kerasModelConfig(topology.value),
    weightsManifest: [
      {
        paths: [WEIGHTS_FILE],
        weights: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
      },
    ],
    userDefinedMetadata: {
      [STRIDE_GRAPH_KEY]: JSON.parse(JSON.stringify(strideGraphMeta(doc))) as JsonObject,
    },
  };
  return ok({ modelJson, weights, totalBytes: weights.reduce((n, w) => n + size(w.shape) * 4, 0) });
}

/** FNV-1a of a weight's name: each weight gets its own stream, independent of the order they are drawn in. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Fills a weight's values chunk by chunk (VGG-16's fc6 alone is 400 MB): `next(out)` writes the next
 * `out.length` values (fewer at the end) and returns how many it wrote.
 */
export function weightValues(spec: WeightSpec, seed: number): { next(out: Float32Array): number } {
  const total = size(spec.shape);
  let done = 0;
  let state = (hash(spec.name) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  const uniform = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const init = spec.init;
  const limit = init.kind === 'glorot-uniform' ? Math.sqrt(6 / (init.fanIn + init.fanOut)) : 0;
  return {
    next(out) {
      const n = Math.min(out.length, total - done);
      if (init.kind === 'constant') out.fill(init.value, 0, n);
      else for (let i = 0; i < n; i += 1) out[i] = (2 * uniform() - 1) * limit;
      done += n;
      return n;
    },
  };
}
