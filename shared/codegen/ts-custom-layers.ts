import type { CustomClassName } from '../layers/keras-classes';

/**
 * Source of the custom layers (StrideLRN, StrideMinPool2D, StrideConv2DTranspose, StrideGroupedConv2D,
 * StrideHardSwish, StridePool2D) as the TypeScript export writes them into the generated module: the same maths
 * and serialised configs as main/training/model/custom-layers.ts, so a model trained by Stride and saved as model.json loads into code built from the export. Already prettier-formatted.
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

const TS_CONV_TRANSPOSE_LAYER = `interface StrideConvTransposeArgs {
  name?: string;
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  /** Rows/columns cropped from the full output: [[top, bottom], [left, right]]. */
  padding: [[number, number], [number, number]];
  /** Rows/columns given back at the end after the crop (PyTorch's output_padding). */
  outputPadding: [number, number];
  dilationRate: [number, number];
  activation: string;
  useBias: boolean;
}

/**
 * A transposed convolution with a crop per side, output padding and dilation, which tf.layers.conv2dTranspose
 * lacks. Output per axis: (H − 1)·S + D·(K − 1) + 1 − top − bottom + outputPadding. The kernel is
 * [FH, FW, F, C] as in Conv2DTranspose; dilation spreads it with zeros.
 */
class StrideConv2DTranspose extends tf.layers.Layer {
  static readonly className = 'StrideConv2DTranspose';
  private readonly convT: Omit<StrideConvTransposeArgs, 'name'>;
  private readonly activationLayer: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: StrideConvTransposeArgs) {
    super(args);
    const { name: _name, ...rest } = args;
    this.convT = rest;
    this.activationLayer = tf.layers.activation({ activation: rest.activation as 'linear' });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [kh, kw] = this.convT.kernelSize;
    const kernelShape = [kh, kw, this.convT.filters, shape[3] ?? 0];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', tf.initializers.glorotUniform({}));
    if (this.convT.useBias)
      this.bias = this.addWeight('bias', [this.convT.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  private axis(size: number, i: 0 | 1): { out: number; after: number; extra: number } {
    const k = this.convT.dilationRate[i] * (this.convT.kernelSize[i] - 1) + 1;
    const full = (size - 1) * this.convT.strides[i] + k;
    const [before, after] = this.convT.padding[i];
    const extra = this.convT.outputPadding[i];
    return { out: full - before - after + extra, after, extra };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [, h, w] = shape;
    return [
      shape[0] ?? null,
      h === null || h === undefined ? null : this.axis(h, 0).out,
      w === null || w === undefined ? null : this.axis(w, 1).out,
      this.convT.filters,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      if (this.kernel === null) throw new Error(\`\${this.name}: called before build\`);
      const kernel = dilateKernel(this.kernel.read() as tf.Tensor4D, this.convT.dilationRate);
      const [n = 0, h = 0, w = 0] = x.shape;
      const ah = this.axis(h, 0);
      const aw = this.axis(w, 1);
      // Rows given back come from the crop first; past the full output they are zeros (then the bias).
      const keepH = Math.min(ah.extra, ah.after);
      const keepW = Math.min(aw.extra, aw.after);
      const [[top], [left]] = this.convT.padding;
      let y: tf.Tensor4D = tf.conv2dTranspose(
        x,
        kernel,
        [n, ah.out - (ah.extra - keepH), aw.out - (aw.extra - keepW), this.convT.filters],
        this.convT.strides,
        [
          [0, 0],
          [top, ah.after - keepH],
          [left, aw.after - keepW],
          [0, 0],
        ],
      );
      if (ah.extra > keepH || aw.extra > keepW) {
        y = tf.pad(y, [
          [0, 0],
          [0, ah.extra - keepH],
          [0, aw.extra - keepW],
          [0, 0],
        ]);
      }
      const biased = this.bias === null ? y : tf.add(y, this.bias.read());
      return this.activationLayer.apply(biased) as tf.Tensor;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.convT };
  }
}
tf.serialization.registerClass(StrideConv2DTranspose);

/** [FH, FW, F, C] with D − 1 zero rows/columns between taps. */
function dilateKernel(kernel: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  let k = kernel;
  const [kh = 0, kw = 0, f = 0, c = 0] = k.shape;
  if (dh > 1) {
    const spread = tf.pad(tf.reshape(k, [kh, 1, kw, f, c]), [
      [0, 0],
      [0, dh - 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    k = tf.slice(tf.reshape(spread, [kh * dh, kw, f, c]), 0, [dh * (kh - 1) + 1, kw, f, c]) as tf.Tensor4D;
  }
  if (dw > 1) {
    const rows = k.shape[0];
    const spread = tf.pad(tf.reshape(k, [rows, kw, 1, f, c]), [
      [0, 0],
      [0, 0],
      [0, dw - 1],
      [0, 0],
      [0, 0],
    ]);
    k = tf.slice(tf.reshape(spread, [rows, kw * dw, f, c]), 0, [
      rows,
      dw * (kw - 1) + 1,
      f,
      c,
    ]) as tf.Tensor4D;
  }
  return k;
}
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
        .map((xi, i) =>
          tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, strides, padding, 'NHWC', dilationRate),
        );
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
        y = tf.pad(
          y,
          [
            [0, 0],
            [t, b],
            [l, r],
            [0, 0],
          ],
          ignorePadding ? -Infinity : 0,
        );
      if (eh + ew > 0)
        y = tf.pad(
          y,
          [
            [0, 0],
            [0, eh],
            [0, ew],
            [0, 0],
          ],
          -Infinity,
        );
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
  StrideConv2DTranspose: {
    source: TS_CONV_TRANSPOSE_LAYER,
    factory: '  conv2dTranspose: (args: StrideConvTransposeArgs) => new StrideConv2DTranspose(args),',
  },
  StrideGroupedConv2D: {
    source: TS_GROUPED_CONV_LAYER,
    factory: '  groupedConv2d: (args: StrideGroupedConvArgs) => new StrideGroupedConv2D(args),',
  },
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
