/**
 * Every tfjs-layers (Keras) class the layer kinds compile to: the `className` of their `toKeras` drafts, and so
 * of every layer the trainer builds and the exporters write. Code that builds, exports, imports or ports a
 * layer keys its tables by this union (`Record<KerasClassName, …>`, or a `switch` ending in `assertNever`), so
 * adding a class here makes the compiler list each place that must learn it (docs/adding-a-layer.md).
 */
export const KERAS_CLASS_NAMES = [
  'InputLayer',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'StrideMinPool2D',
  'StridePool2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'ZeroPadding2D',
  'Conv2DTranspose',
  'StrideConv2DTranspose',
  'UpSampling2D',
  'Dense',
  'Flatten',
  'Reshape',
  'Dropout',
  'BatchNormalization',
  'StrideLRN',
  'Activation',
  'LeakyReLU',
  'StrideHardSwish',
  'Softmax',
  'Add',
  'Multiply',
  'Concatenate',
  'StrideGroupedConv2D',
  'DepthwiseConv2D',
] as const;
export type KerasClassName = (typeof KERAS_CLASS_NAMES)[number];

/** Every class but the model's input: the layers a model applies to tensors. */
export type KerasLayerClassName = Exclude<KerasClassName, 'InputLayer'>;

/**
 * Stride's own layer classes, not part of tfjs (it has no min pooling, LRN, grouped or cropped transposed
 * convolution, hard swish or PyTorch-style pooling): each has a tfjs
 * implementation registered for training and loading (main/training/model/custom-layers.ts) and its source in
 * the TypeScript export (shared/codegen/ts-custom-layers.ts), both tables keyed by this union.
 */
export const CUSTOM_CLASS_NAMES = [
  'StrideLRN',
  'StrideMinPool2D',
  'StrideHardSwish',
  'StridePool2D',
  'StrideConv2DTranspose',
  'StrideGroupedConv2D',
] as const satisfies readonly KerasClassName[];
export type CustomClassName = (typeof CUSTOM_CLASS_NAMES)[number];

export const isCustomClass = (name: KerasClassName): name is CustomClassName =>
  (CUSTOM_CLASS_NAMES as readonly string[]).includes(name);

/** What code outside the class's own tables needs to know about it. */
export interface KerasClassFacts {
  /**
   * Config keys of the weights a Glorot-uniform initialiser draws (`kernelInitializer` for Conv2D and Dense):
   * a training run seeds each, a structure-only build sets them to zeros. Empty for a class without kernels.
   */
  readonly kernelInitializers: readonly string[];
}

const none: KerasClassFacts = { kernelInitializers: [] };
const kernel: KerasClassFacts = { kernelInitializers: ['kernelInitializer'] };

export const KERAS_CLASSES: Readonly<Record<KerasClassName, KerasClassFacts>> = {
  InputLayer: none,
  Conv2D: kernel,
  MaxPooling2D: none,
  AveragePooling2D: none,
  StrideMinPool2D: none,
  StridePool2D: none,
  GlobalAveragePooling2D: none,
  GlobalMaxPooling2D: none,
  ZeroPadding2D: none,
  Conv2DTranspose: kernel,
  StrideConv2DTranspose: kernel,
  UpSampling2D: none,
  Dense: kernel,
  Flatten: none,
  Reshape: none,
  Dropout: none,
  BatchNormalization: none,
  StrideLRN: none,
  Activation: none,
  LeakyReLU: none,
  StrideHardSwish: none,
  Softmax: none,
  Add: none,
  Multiply: none,
  Concatenate: none,
  StrideGroupedConv2D: kernel,
  DepthwiseConv2D: { kernelInitializers: ['depthwiseInitializer'] },
};
