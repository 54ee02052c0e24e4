import * as tf from '@tensorflow/tfjs';
import type { KerasLayer, KerasTopology } from '../../../shared/codegen/keras-topology';
import { KERAS_CLASSES, type KerasLayerClassName } from '../../../shared/layers/keras-classes';
import type {
  StrideConvTransposeArgs,
  StrideGroupedConvArgs,
  StrideHardSwishArgs,
  StrideLrnArgs,
  StrideMinPoolArgs,
  StridePoolArgs,
} from './custom-layers';
import {
  StrideConv2DTranspose,
  StrideGroupedConv2D,
  StrideHardSwish,
  StrideLRN,
  StrideMinPool2D,
  StridePool2D,
} from './custom-layers';

type Config = Readonly<Record<string, unknown>>;
type Factory = (config: Config) => tf.layers.Layer;

/** Adapts a typed tf.layers factory to the plain-data config of the topology (validated by the analysis). */
const from =
  <A>(create: (args: A) => tf.layers.Layer): Factory =>
  (config) =>
    create(config as unknown as A);

/** The tfjs layer of every class a kind compiles to (the InputLayer is `tf.input`, made by buildModel). */
const FACTORIES: Readonly<Record<KerasLayerClassName, Factory>> = {
  Conv2D: from(tf.layers.conv2d),
  DepthwiseConv2D: from(tf.layers.depthwiseConv2d),
  MaxPooling2D: from(tf.layers.maxPooling2d),
  AveragePooling2D: from(tf.layers.averagePooling2d),
  GlobalAveragePooling2D: from(tf.layers.globalAveragePooling2d),
  GlobalMaxPooling2D: from(tf.layers.globalMaxPooling2d),
  ZeroPadding2D: from(tf.layers.zeroPadding2d),
  Conv2DTranspose: from(tf.layers.conv2dTranspose),
  StrideConv2DTranspose: from((args: StrideConvTransposeArgs) => new StrideConv2DTranspose(args)),
  UpSampling2D: from(tf.layers.upSampling2d),
  Dense: from(tf.layers.dense),
  Flatten: from(tf.layers.flatten),
  Reshape: from(tf.layers.reshape),
  Dropout: from(tf.layers.dropout),
  BatchNormalization: from(tf.layers.batchNormalization),
  Activation: from(tf.layers.activation),
  LeakyReLU: from(tf.layers.leakyReLU),
  StrideHardSwish: from((args: StrideHardSwishArgs) => new StrideHardSwish(args)),
  Softmax: from(tf.layers.softmax),
  Add: from(tf.layers.add),
  Multiply: from(tf.layers.multiply),
  Concatenate: from(tf.layers.concatenate),
  StrideLRN: from((args: StrideLrnArgs) => new StrideLRN(args)),
  StrideMinPool2D: from((args: StrideMinPoolArgs) => new StrideMinPool2D(args)),
  StridePool2D: from((args: StridePoolArgs) => new StridePool2D(args)),
  StrideGroupedConv2D: from((args: StrideGroupedConvArgs) => new StrideGroupedConv2D(args)),
};

export function createLayer(layer: KerasLayer): tf.layers.Layer {
  if (layer.className === 'InputLayer') throw new Error(`${layer.name}: an InputLayer is made by tf.input`);
  return FACTORIES[layer.className](layer.config);
}

export interface BuildOptions {
  /**
   * 'zeros' skips the random initialisation of conv/dense kernels (building VGG-16's 138M weights randomly
   * takes seconds); for tests and benchmarks that need only the structure.
   */
  readonly initializer?: 'default' | 'zeros';
}

/**
 * A tf.LayersModel from a Keras topology (shared/codegen/keras-topology.ts), with the functional API: every
 * layer applied to the symbolic outputs of its inbound layers. Weights are freshly initialised; the caller
 * owns the model and disposes it.
 */
export function buildModel(topology: KerasTopology, options: BuildOptions = {}): tf.LayersModel {
  const tensors = new Map<string, tf.SymbolicTensor>();
  for (const layer of topology.layers) {
    if (layer.className === 'InputLayer') {
      const shape = (layer.config.batchInputShape as (number | null)[]).slice(1) as number[];
      tensors.set(layer.name, tf.input({ shape, name: layer.name }));
      continue;
    }
    const inputs = layer.inboundNodes.map((name) => {
      const t = tensors.get(name);
      if (t === undefined) throw new Error(`Layer ${layer.name} needs ${name}, which is not built yet`);
      return t;
    });
    const kernels = KERAS_CLASSES[layer.className].kernelInitializers;
    const config =
      options.initializer === 'zeros' && kernels.length > 0
        ? { ...layer, config: { ...layer.config, ...Object.fromEntries(kernels.map((k) => [k, 'zeros'])) } }
        : layer;
    const output = createLayer(config).apply(inputs.length === 1 ? (inputs[0] as tf.SymbolicTensor) : inputs);
    tensors.set(layer.name, output as tf.SymbolicTensor);
  }
  const pick = (names: readonly string[]) => names.map((n) => tensors.get(n) as tf.SymbolicTensor);
  return tf.model({
    inputs: pick(topology.inputs),
    outputs: pick(topology.outputs),
    name: safeName(topology.name),
  });
}

const safeName = (name: string) =>
  name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z])/, 'm_$1') || 'model';
