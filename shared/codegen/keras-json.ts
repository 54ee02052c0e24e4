import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { KerasLayer, KerasTopology } from './keras-topology';
import type { KerasClassName } from '../layers/keras-classes';
import { ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { toKerasTopology } from './keras-topology';
import { modelName } from './names';
import { jsonText } from './escape';

/**
 * The Keras model config of a graph: what `model.to_json()` writes in tf.keras 2 (class_name 'Functional',
 * snake_case configs, `inbound_nodes` as [[[layer, node, tensor, kwargs]]]). tfjs-layers reads the same
 * format (it is the `modelTopology` of a model.json), and `keras.models.model_from_json` reads it with the
 * custom layers (StrideLRN, StrideMinPool2D, StrideConv2DTranspose, StrideGroupedConv2D, StrideHardSwish,
 * StridePool2D) passed as custom_objects.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const KERAS_VERSION = '2.15.0';

/** Where the exporter keeps the Stride graph inside the JSON so an import gets blocks and names back. */
export const STRIDE_GRAPH_KEY = 'stride_graph';

export interface StrideGraphMeta {
  readonly format: 'stride-graph';
  readonly version: 1;
  readonly graph: GraphDoc;
}

const initializer = (className: string, config: JsonObject = {}): JsonObject => ({
  class_name: className,
  config,
});
const GLOROT = () => initializer('GlorotUniform', { seed: null });
const ZEROS = () => initializer('Zeros');
const ONES = () => initializer('Ones');
const NO_REGULARIZERS = { activity_regularizer: null };
const channelsLast = { data_format: 'channels_last' };

/** What a layer with a kernel and a bias (Conv2D, Dense) writes about them, in Keras's key order. */
const kernelAndBias = (): JsonObject => ({
  kernel_initializer: GLOROT(),
  bias_initializer: ZEROS(),
  kernel_regularizer: null,
  bias_regularizer: null,
  ...NO_REGULARIZERS,
  kernel_constraint: null,
  bias_constraint: null,
});

const NONE = (): JsonObject => ({});

/** The keys Keras writes beside the ones Stride sets (initialisers, regularisers, formats). */
const EXTRA: Readonly<Record<KerasClassName, () => JsonObject>> = {
  InputLayer: () => ({ dtype: 'float32', sparse: false, ragged: false }),
  Conv2D: () => ({ ...channelsLast, groups: 1, ...kernelAndBias() }),
  Dense: kernelAndBias,
  MaxPooling2D: () => ({ ...channelsLast }),
  AveragePooling2D: () => ({ ...channelsLast }),
  StrideMinPool2D: NONE,
  StridePool2D: NONE,
  GlobalAveragePooling2D: () => ({ ...channelsLast, keepdims: false }),
  GlobalMaxPooling2D: () => ({ ...channelsLast, keepdims: false }),
  ZeroPadding2D: () => ({ ...channelsLast }),
  Conv2DTranspose: () => ({ ...channelsLast, ...kernelAndBias() }),
  StrideConv2DTranspose: kernelAndBias,
  UpSampling2D: () => ({ ...channelsLast }),
  Flatten: () => ({ ...channelsLast }),
  Reshape: NONE,
  Dropout: () => ({ noise_shape: null, seed: null }),
  BatchNormalization: () => ({
    beta_initializer: ZEROS(),
    gamma_initializer: ONES(),
    moving_mean_initializer: ZEROS(),
    moving_variance_initializer: ONES(),
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
  }),
  StrideLRN: NONE,
  Activation: NONE,
  LeakyReLU: NONE,
  StrideHardSwish: NONE,
  Softmax: NONE,
  Add: NONE,
  Multiply: NONE,
  Concatenate: NONE,
  StrideGroupedConv2D: () => ({ ...channelsLast, ...kernelAndBias() }),
  DepthwiseConv2D: () => ({
    ...channelsLast,
    depthwise_initializer: GLOROT(),
    bias_initializer: ZEROS(),
    depthwise_regularizer: null,
    bias_regularizer: null,
    ...NO_REGULARIZERS,
    depthwise_constraint: null,
    bias_constraint: null,
  }),
};

export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), toJson(v)]));
  }
  return null;
}

function layerJson(layer: KerasLayer): JsonObject {
  const config: JsonObject = {
    name: layer.name,
    trainable: true,
    dtype: 'float32',
    ...(toJson(layer.config) as JsonObject),
    ...EXTRA[layer.className](),
  };
  if (layer.className === 'InputLayer') delete config.trainable;
  return {
    class_name: layer.className,
    config,
    name: layer.name,
    inbound_nodes:
      layer.inboundNodes.length === 0 ? [] : [layer.inboundNodes.map((name) => [name, 0, 0, {}])],
  };
}

/** The `{class_name, config}` of the model, as tfjs and Keras serialise a functional model. */
export function kerasModelConfig(topology: KerasTopology): JsonObject {
  return {
    class_name: 'Functional',
    config: {
      name: modelName(topology.name),
      layers: topology.layers.map(layerJson),
      input_layers: topology.inputs.map((name) => [name, 0, 0]),
      output_layers: topology.outputs.map((name) => [name, 0, 0]),
    },
    keras_version: KERAS_VERSION,
    backend: 'tensorflow',
  };
}

export interface KerasJsonOptions {
  /** Keep the Stride graph beside the topology (Keras ignores the key); default true. */
  readonly includeGraph?: boolean;
}

export function strideGraphMeta(doc: GraphDoc): StrideGraphMeta {
  return { format: 'stride-graph', version: 1, graph: doc };
}

/** The Keras JSON text of a valid graph (two-space indented, deterministic). */
export function toKerasJson(
  doc: GraphDoc,
  options: KerasJsonOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<string> {
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) return topology;
  const json: Record<string, unknown> = kerasModelConfig(topology.value);
  if (options.includeGraph !== false) json[STRIDE_GRAPH_KEY] = strideGraphMeta(doc);
  return ok(`${jsonText(json, 2)}\n`);
}
