import type { CustomClassName } from '../layers/keras-classes';

/**
 * Source of the custom layers (StrideLRN, StrideMinPool2D, StrideGroupedConv2D) as the TypeScript export writes them into the
 * generated module: the same maths and serialised configs as main/training/model/custom-layers.ts, so a model
 * trained by Stride and saved as model.json loads into code built from the export. Already prettier-formatted.
 */
const TS_LRN_LAYER = `interface StrideLrnArgs {
  name?: string;
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

/**
 * Local response normalisation across channels (AlexNet's "NORM"): b = a / (bias + alpha · Σ a²)^beta, the sum
 * over depthRadius channels on each side. alpha is the paper's α already divided by the window size n.
 */
class StrideLRN extends tf.layers.Layer {
  static readonly className = 'StrideLRN';
  private readonly lrn: StrideLrnArgs;

  constructor(args: StrideLrnArgs) {
    super(args);
    this.lrn = { depthRadius: args.depthRadius, bias: args.bias, alpha: args.alpha, beta: args.beta };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { depthRadius, bias, alpha, beta } = this.lrn;
    return tf.tidy(() => tf.localResponseNormalization(x, depthRadius, bias, alpha, beta));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.lrn };
  }
}
tf.serialization.registerClass(StrideLRN);
`;

const TS_MIN_POOL_LAYER = `interface StrideMinPoolArgs {
  name?: string;
  poolSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
}

/** Min pooling as −maxPool(−x): the windows and 'same'/'valid' arithmetic of MaxPooling2D. */
class StrideMinPool2D extends tf.layers.Layer {
  static readonly className = 'StrideMinPool2D';
  private readonly pool: StrideMinPoolArgs;

  constructor(args: StrideMinPoolArgs) {
    super(args);
    this.pool = { poolSize: args.poolSize, strides: args.strides, padding: args.padding };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { poolSize, strides, padding } = this.pool;
    const axis = (size: number | null | undefined, i: 0 | 1): number | null => {
      if (size === null || size === undefined) return null;
      return padding === 'same'
        ? Math.ceil(size / strides[i])
        : Math.floor((size - poolSize[i]) / strides[i]) + 1;
    };
    return [shape[0] ?? null, axis(shape[1], 0), axis(shape[2], 1), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { poolSize, strides, padding } = this.pool;
    return tf.tidy(() => tf.neg(tf.maxPool(tf.neg(x), poolSize, strides, padding)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.pool };
  }
}
tf.serialization.registerClass(StrideMinPool2D);
`;

const TS_GROUPED_CONV_LAYER = `interface StrideGroupedConvArgs {
  name?: string;
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
  dilationRate: [number, number];
  activation: string;
  useBias: boolean;
  groups: number;
}

/**
 * A grouped convolution (tf.layers.conv2d has no groups): kernel [FH, FW, C/g, F] as Keras stores it; the
 * channels and the filters split into g groups, each convolved on its own, the results concatenated.
 */
class StrideGroupedConv2D extends tf.layers.Layer {
  static readonly className = 'StrideGroupedConv2D';
  private readonly conv: Omit<StrideGroupedConvArgs, 'name'>;
  private readonly act: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: StrideGroupedConvArgs) {
    super(args);
    const { filters, kernelSize, strides, padding, dilationRate, activation, useBias, groups } = args;
    this.conv = { filters, kernelSize, strides, padding, dilationRate, activation, useBias, groups };
    this.act = tf.layers.activation({ activation: activation as 'linear' });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize, filters, groups, useBias } = this.conv;
    const depth = (shape[3] ?? 0) / groups;
    this.kernel = this.addWeight(
      'kernel',
      [kernelSize[0], kernelSize[1], depth, filters],
      'float32',
      tf.initializers.glorotUniform({}),
    );
    if (useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize, strides, padding, dilationRate, filters } = this.conv;
    const axis = (size: number | null | undefined, i: 0 | 1): number | null => {
      if (size === null || size === undefined) return null;
      const k = dilationRate[i] * (kernelSize[i] - 1) + 1;
      return padding === 'same' ? Math.ceil(size / strides[i]) : Math.floor((size - k) / strides[i]) + 1;
    };
    return [shape[0] ?? null, axis(shape[1], 0), axis(shape[2], 1), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { strides, padding, dilationRate, groups } = this.conv;
    return tf.tidy(() => {
      const kernel = (this.kernel as tf.LayerVariable).read() as tf.Tensor4D;
      const ks = tf.split(kernel, groups, 3);
      const ys = tf
        .split(x, groups, 3)
        .map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, strides, padding, 'NHWC', dilationRate));
      const y = tf.concat(ys, 3);
      return this.act.apply(this.bias === null ? y : tf.add(y, this.bias.read())) as tf.Tensor;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.conv };
  }
}
tf.serialization.registerClass(StrideGroupedConv2D);
`;

/** Each custom class: its source, and its entry in the program's `strideLayers` factory object. */
export const TS_CUSTOM_LAYERS: Readonly<Record<CustomClassName, { source: string; factory: string }>> = {
  StrideMinPool2D: {
    source: TS_MIN_POOL_LAYER,
    factory: '  minPooling2d: (args: StrideMinPoolArgs) => new StrideMinPool2D(args),',
  },
  StrideLRN: { source: TS_LRN_LAYER, factory: '  lrn: (args: StrideLrnArgs) => new StrideLRN(args),' },
  StrideGroupedConv2D: {
    source: TS_GROUPED_CONV_LAYER,
    factory: '  groupedConv2d: (args: StrideGroupedConvArgs) => new StrideGroupedConv2D(args),',
  },
};

/** The `strideLayers` factory object, listing only the custom layers the model uses. */
export function tsCustomFactories(used: readonly CustomClassName[]): string {
  const lines = [
    '/** The custom layers above, created the way tf.layers creates the built-in ones. */',
    'const strideLayers = {',
    ...used.map((c) => TS_CUSTOM_LAYERS[c].factory),
    '};',
  ];
  return `${lines.join('\n')}\n`;
}
