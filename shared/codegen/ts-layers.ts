import type { KerasLayer } from './keras-topology';
import type { KerasLayerClassName } from '../layers/keras-classes';
import { isCustomClass } from '../layers/keras-classes';
import type { TsObject, TsValue } from './ts-format';

/** How one Keras layer is created in TypeScript: `head.factory(config)`. */
export interface TsLayerCall {
  readonly head: 'tf.layers' | 'strideLayers';
  readonly factory: string;
  readonly config: TsObject;
}

type Config = Readonly<Record<string, unknown>>;

const pairOrOne = (v: unknown): TsValue => {
  const [a, b] = v as readonly [number, number];
  return a === b ? a : [a, b];
};
const num = (v: unknown) => v as number;
const str = (v: unknown) => v as string;
/** A value the reader only needs when it differs from tfjs's default. */
const unless = (v: unknown, fallback: unknown): TsValue | undefined =>
  v === fallback ? undefined : (v as TsValue);

function zeroPadding(c: Config): TsValue {
  const [[t, b], [l, r]] = c.padding as readonly [readonly [number, number], readonly [number, number]];
  if (t === b && l === r) return t === l ? t : [t, l];
  return [
    [t, b],
    [l, r],
  ];
}

/**
 * The tfjs factory of each class and the config it is written with (what differs from tfjs's defaults). A
 * custom class (CUSTOM_CLASS_NAMES) is created through the program's own `strideLayers`.
 */
const TS_LAYERS: Readonly<Record<KerasLayerClassName, { factory: string; args: (c: Config) => TsObject }>> = {
  Conv2D: {
    factory: 'conv2d',
    args: (c) => ({
      filters: num(c.filters),
      kernelSize: pairOrOne(c.kernelSize),
      strides: pairOrOne(c.strides) === 1 ? undefined : pairOrOne(c.strides),
      padding: str(c.padding),
      dilationRate: pairOrOne(c.dilationRate) === 1 ? undefined : pairOrOne(c.dilationRate),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
    }),
  },
  DepthwiseConv2D: {
    factory: 'depthwiseConv2d',
    args: (c) => ({
      kernelSize: pairOrOne(c.kernelSize),
      strides: pairOrOne(c.strides) === 1 ? undefined : pairOrOne(c.strides),
      padding: str(c.padding),
      depthMultiplier: unless(c.depthMultiplier, 1),
      dilationRate: pairOrOne(c.dilationRate) === 1 ? undefined : pairOrOne(c.dilationRate),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
    }),
  },
  MaxPooling2D: {
    factory: 'maxPooling2d',
    args: (c) => ({
      poolSize: pairOrOne(c.poolSize),
      strides: pairOrOne(c.strides),
      padding: str(c.padding),
    }),
  },
  AveragePooling2D: {
    factory: 'averagePooling2d',
    args: (c) => ({
      poolSize: pairOrOne(c.poolSize),
      strides: pairOrOne(c.strides),
      padding: str(c.padding),
    }),
  },
  Conv2DTranspose: {
    factory: 'conv2dTranspose',
    args: (c) => ({
      filters: num(c.filters),
      kernelSize: pairOrOne(c.kernelSize),
      strides: pairOrOne(c.strides) === 1 ? undefined : pairOrOne(c.strides),
      padding: str(c.padding),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
    }),
  },
  StrideConv2DTranspose: {
    factory: 'conv2dTranspose',
    args: (c) => ({
      filters: num(c.filters),
      kernelSize: c.kernelSize as TsValue,
      strides: c.strides as TsValue,
      padding: c.padding as TsValue,
      outputPadding: c.outputPadding as TsValue,
      dilationRate: c.dilationRate as TsValue,
      activation: str(c.activation),
      useBias: c.useBias as TsValue,
    }),
  },
  UpSampling2D: {
    factory: 'upSampling2d',
    args: (c) => ({
      size: c.size as TsValue,
      interpolation: unless(c.interpolation, 'nearest'),
    }),
  },
  GlobalAveragePooling2D: { factory: 'globalAveragePooling2d', args: () => ({}) },
  GlobalMaxPooling2D: { factory: 'globalMaxPooling2d', args: () => ({}) },
  ZeroPadding2D: { factory: 'zeroPadding2d', args: (c) => ({ padding: zeroPadding(c) }) },
  Dense: {
    factory: 'dense',
    args: (c) => ({
      units: num(c.units),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
    }),
  },
  Flatten: { factory: 'flatten', args: () => ({}) },
  Reshape: { factory: 'reshape', args: (c) => ({ targetShape: c.targetShape as TsValue }) },
  Dropout: { factory: 'dropout', args: (c) => ({ rate: num(c.rate) }) },
  BatchNormalization: {
    factory: 'batchNormalization',
    args: (c) => ({
      axis: unless(c.axis, -1),
      momentum: num(c.momentum),
      epsilon: num(c.epsilon),
      center: unless(c.center, true),
      scale: unless(c.scale, true),
    }),
  },
  Activation: { factory: 'activation', args: (c) => ({ activation: str(c.activation) }) },
  LeakyReLU: { factory: 'leakyReLU', args: (c) => ({ alpha: num(c.alpha) }) },
  StrideHardSwish: { factory: 'hardSwish', args: () => ({}) },
  Softmax: { factory: 'softmax', args: (c) => ({ axis: unless(c.axis, -1) }) },
  Add: { factory: 'add', args: () => ({}) },
  Multiply: { factory: 'multiply', args: () => ({}) },
  Concatenate: { factory: 'concatenate', args: (c) => ({ axis: unless(c.axis, -1) }) },
  StrideLRN: {
    factory: 'lrn',
    args: (c) => ({
      depthRadius: num(c.depthRadius),
      bias: num(c.bias),
      alpha: num(c.alpha),
      beta: num(c.beta),
    }),
  },
  StrideGroupedConv2D: {
    factory: 'groupedConv2d',
    args: (c) => ({
      filters: num(c.filters),
      kernelSize: c.kernelSize as TsValue,
      strides: c.strides as TsValue,
      padding: str(c.padding),
      dilationRate: c.dilationRate as TsValue,
      activation: str(c.activation),
      useBias: c.useBias as TsValue,
      groups: num(c.groups),
    }),
  },
  StridePool2D: {
    factory: 'pool2d',
    args: (c) => ({
      mode: str(c.mode),
      poolSize: c.poolSize as TsValue,
      strides: c.strides as TsValue,
      pads: c.pads as TsValue,
      ceilMode: c.ceilMode as TsValue,
      ignorePadding: c.ignorePadding as TsValue,
    }),
  },
  StrideMinPool2D: {
    factory: 'minPooling2d',
    args: (c) => ({
      poolSize: c.poolSize as TsValue,
      strides: c.strides as TsValue,
      padding: str(c.padding),
    }),
  },
};

/** The creation call of a layer, its name first; null for the InputLayer (declared by `tf.input`). */
export function tsLayerCall(layer: KerasLayer): TsLayerCall | null {
  if (layer.className === 'InputLayer') return null;
  const spec = TS_LAYERS[layer.className];
  return {
    head: isCustomClass(layer.className) ? 'strideLayers' : 'tf.layers',
    factory: spec.factory,
    config: { name: layer.name, ...spec.args(layer.config) },
  };
}
