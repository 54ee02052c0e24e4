import type { CustomClassName } from '../layers/keras-classes';

/**
 * Source of the custom layers (StrideLRN, StrideMinPool2D, StrideHardSwish, StridePool2D) as the TypeScript export writes them into the
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

const TS_HARD_SWISH_LAYER = `/** Hard swish, x · relu6(x + 3) / 6 (MobileNetV3; Keras 3's hard_swish, PyTorch's Hardswish). */
class StrideHardSwish extends tf.layers.Layer {
  static readonly className = 'StrideHardSwish';

  constructor(args: { name?: string } = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.tidy(() => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)));
  }
}
tf.serialization.registerClass(StrideHardSwish);
`;

const TS_POOL_LAYER = `interface StridePoolArgs {
  name?: string;
  mode: 'max' | 'min';
  poolSize: [number, number];
  strides: [number, number];
  /** Explicit padding [top, bottom, left, right]: zeros, or ±∞ with ignorePadding. */
  pads: [number, number, number, number];
  ceilMode: boolean;
  ignorePadding: boolean;
}

/**
 * Max/min pooling as PyTorch's nn.MaxPool2d computes it: padding of zeros or of cells that never win (±∞),
 * and ceil_mode, whose last window must start inside the input or the left padding (the cells it reaches past
 * the input never win either). Min pooling is −max(−x).
 */
class StridePool2D extends tf.layers.Layer {
  static readonly className = 'StridePool2D';
  private readonly pool: Omit<StridePoolArgs, 'name'>;

  constructor(args: StridePoolArgs) {
    super(args);
    const { mode, poolSize, strides, pads, ceilMode, ignorePadding } = args;
    this.pool = { mode, poolSize, strides, pads, ceilMode, ignorePadding };
  }

  /** Output size and the ±∞ overhang of ceil mode on one axis. */
  private axis(size: number, i: 0 | 1): { out: number; extra: number } {
    const k = this.pool.poolSize[i];
    const s = this.pool.strides[i];
    const before = this.pool.pads[i * 2] ?? 0;
    const after = this.pool.pads[i * 2 + 1] ?? 0;
    const span = size + before + after - k;
    if (!this.pool.ceilMode) return { out: Math.floor(span / s) + 1, extra: 0 };
    let out = Math.ceil(span / s) + 1;
    if (out > 1 && (out - 1) * s >= size + before) out -= 1;
    return { out, extra: Math.max(0, (out - 1) * s + k - (size + before + after)) };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (size: number | null | undefined, i: 0 | 1) =>
      size === null || size === undefined ? null : this.axis(size, i).out;
    return [shape[0] ?? null, out(shape[1], 0), out(shape[2], 1), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { mode, poolSize, strides, pads, ignorePadding } = this.pool;
      const eh = this.axis(x.shape[1], 0).extra;
      const ew = this.axis(x.shape[2], 1).extra;
      const [t, b, l, r] = pads;
      let y: tf.Tensor4D = mode === 'min' ? tf.neg(x) : x;
      if (t + b + l + r > 0)
        y = tf.pad(y, [[0, 0], [t, b], [l, r], [0, 0]], ignorePadding ? -Infinity : 0);
      if (eh + ew > 0) y = tf.pad(y, [[0, 0], [0, eh], [0, ew], [0, 0]], -Infinity);
      const pooled = tf.maxPool(y, poolSize, strides, 'valid');
      return mode === 'min' ? tf.neg(pooled) : pooled;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.pool };
  }
}
tf.serialization.registerClass(StridePool2D);
`;

/** Each custom class: its source, and its entry in the program's `strideLayers` factory object. */
export const TS_CUSTOM_LAYERS: Readonly<Record<CustomClassName, { source: string; factory: string }>> = {
  StrideMinPool2D: {
    source: TS_MIN_POOL_LAYER,
    factory: '  minPooling2d: (args: StrideMinPoolArgs) => new StrideMinPool2D(args),',
  },
  StrideLRN: { source: TS_LRN_LAYER, factory: '  lrn: (args: StrideLrnArgs) => new StrideLRN(args),' },
  StridePool2D: {
    source: TS_POOL_LAYER,
    factory: '  pool2d: (args: StridePoolArgs) => new StridePool2D(args),',
  },
  StrideHardSwish: {
    source: TS_HARD_SWISH_LAYER,
    factory: '  hardSwish: (args: { name?: string }) => new StrideHardSwish(args),',
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
