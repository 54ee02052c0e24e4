import * as tf from '@tensorflow/tfjs';
import { axisPads } from '../../../shared/layers/common/window';
import { stridePoolAxis } from '../../../shared/layers/common/pytorch-pool';
import type { CustomClassName } from '../../../shared/layers/keras-classes';

/**
 * The layers tfjs-layers lacks. Registered with tf.serialization so a saved model (model.json) loads back
 * with them: import this module before tf.loadLayersModel.
 */

type Kwargs = Record<string, unknown>;
const single = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor =>
  Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;

export interface StrideLrnArgs {
  name?: string;
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

/** AlexNet's local response normalisation across channels (tf.localResponseNormalization). */
export class StrideLRN extends tf.layers.Layer {
  static readonly className = 'StrideLRN';
  private readonly depthRadius: number;
  private readonly bias: number;
  private readonly alpha: number;
  private readonly beta: number;

  constructor(args: StrideLrnArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.depthRadius = args.depthRadius;
    this.bias = args.bias;
    this.alpha = args.alpha;
    this.beta = args.beta;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() =>
      tf.localResponseNormalization(
        single(inputs) as tf.Tensor4D,
        this.depthRadius,
        this.bias,
        this.alpha,
        this.beta,
      ),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      depthRadius: this.depthRadius,
      bias: this.bias,
      alpha: this.alpha,
      beta: this.beta,
    };
  }
}

export interface StrideMinPoolArgs {
  name?: string;
  poolSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
}

/** Min pooling as −maxPool(−x): same windows, same 'same'/'valid' arithmetic as MaxPooling2D. */
export class StrideMinPool2D extends tf.layers.Layer {
  static readonly className = 'StrideMinPool2D';
  private readonly poolSize: [number, number];
  private readonly strides: [number, number];
  private readonly padding: 'same' | 'valid';

  constructor(args: StrideMinPoolArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.poolSize = args.poolSize;
    this.strides = args.strides;
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const axis = (size: number | null, i: 0 | 1): number | null => {
      if (size === null) return null;
      const k = this.poolSize[i];
      const s = this.strides[i];
      const [before, after] = axisPads(this.padding, i, size, k, s);
      return Math.floor((size + before + after - k) / s) + 1;
    };
    return [shape[0] ?? null, axis(shape[1] ?? null, 0), axis(shape[2] ?? null, 1), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() =>
      tf.neg(tf.maxPool(tf.neg(single(inputs)) as tf.Tensor4D, this.poolSize, this.strides, this.padding)),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export interface StrideConvTransposeArgs {
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
  kernelInitializer?: Initializer | 'zeros' | 'glorotUniform';
}

/**
 * A transposed convolution with what tfjs's Conv2DTranspose lacks: a crop per side, output padding and
 * dilation (shared/layers/common/transpose.ts has the arithmetic). The kernel has Conv2DTranspose's layout
 * [FH, FW, F, C]. Dilation is applied by spreading the kernel with zeros (reshape + pad, so it has a
 * gradient); the crop is the explicit padding of tf.conv2dTranspose; rows given back past the crop are the
 * zero rows of a tf.pad, to which the bias is added like everywhere else.
 */
export class StrideConv2DTranspose extends tf.layers.Layer {
  static readonly className = 'StrideConv2DTranspose';
  private readonly args: Omit<StrideConvTransposeArgs, 'name' | 'kernelInitializer'>;
  private readonly initializer: Initializer;
  /** The activation, applied as tfjs's own Activation layer computes it (the names Conv2D takes). */
  private readonly activation: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: StrideConvTransposeArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    const { name: _name, kernelInitializer, ...rest } = args;
    this.args = rest;
    this.activation = tf.layers.activation({ activation: rest.activation as 'linear' });
    this.initializer =
      kernelInitializer === 'zeros'
        ? tf.initializers.zeros()
        : kernelInitializer === undefined || kernelInitializer === 'glorotUniform'
          ? tf.initializers.glorotUniform({})
          : kernelInitializer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[3] ?? 0;
    const [kh, kw] = this.args.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [kh, kw, this.args.filters, channels],
      'float32',
      this.initializer,
    );
    if (this.args.useBias)
      this.bias = this.addWeight('bias', [this.args.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  private axis(size: number, i: 0 | 1): { out: number; after: number; extra: number } {
    const k = this.args.dilationRate[i] * (this.args.kernelSize[i] - 1) + 1;
    const full = (size - 1) * this.args.strides[i] + k;
    const [before, after] = this.args.padding[i];
    const extra = this.args.outputPadding[i];
    return { out: full - before - after + extra, after, extra };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const h = shape[1];
    const w = shape[2];
    return [
      shape[0] ?? null,
      h === null || h === undefined ? null : this.axis(h, 0).out,
      w === null || w === undefined ? null : this.axis(w, 1).out,
      this.args.filters,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      if (this.kernel === null) throw new Error(`${this.name}: called before build`);
      const kernel = dilateKernel(this.kernel.read() as tf.Tensor4D, this.args.dilationRate);
      const [n = 0, h = 0, w = 0] = x.shape;
      const ah = this.axis(h, 0);
      const aw = this.axis(w, 1);
      // Rows given back come from the crop first (a smaller crop); past the full output they are zeros.
      const keepH = Math.min(ah.extra, ah.after);
      const keepW = Math.min(aw.extra, aw.after);
      const [[top], [left]] = this.args.padding;
      let y: tf.Tensor4D = tf.conv2dTranspose(
        x,
        kernel,
        [n, ah.out - (ah.extra - keepH), aw.out - (aw.extra - keepW), this.args.filters],
        this.args.strides,
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
      let out: tf.Tensor = y;
      if (this.bias !== null) out = tf.add(out, this.bias.read());
      return this.activation.apply(out) as tf.Tensor;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

/** [FH, FW, F, C] with D − 1 zero rows/columns between taps: [D·(FH − 1) + 1, D·(FW − 1) + 1, F, C]. */
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

export interface StrideGroupedConvArgs {
  name?: string;
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
  dilationRate: [number, number];
  activation: string;
  useBias: boolean;
  groups: number;
  /** Set by a seeded run ('zeros' for a structure-only build); Glorot-uniform otherwise, as Conv2D. */
  kernelInitializer?: Initializer | 'zeros';
}

/**
 * A grouped convolution (tfjs-layers has no `groups`): kernel [FH, FW, C/g, F] as Keras stores it; the input's
 * channels and the kernel's filters are split into g groups, each group convolved on its own, the results
 * concatenated (filter f sees the channels of group ⌊f/(F/g)⌋, as in Keras and PyTorch).
 */
export class StrideGroupedConv2D extends tf.layers.Layer {
  static readonly className = 'StrideGroupedConv2D';
  private readonly conv: Omit<StrideGroupedConvArgs, 'name' | 'kernelInitializer'>;
  private readonly init: Initializer;
  private readonly act: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: StrideGroupedConvArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    const { filters, kernelSize, strides, padding, dilationRate, activation, useBias, groups } = args;
    this.conv = { filters, kernelSize, strides, padding, dilationRate, activation, useBias, groups };
    const k = args.kernelInitializer;
    this.init =
      k === 'zeros' ? tf.initializers.zeros() : k === undefined ? tf.initializers.glorotUniform({}) : k;
    this.act = tf.layers.activation({ activation: activation as 'linear' });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[3] ?? 0;
    const { kernelSize, filters, groups, useBias } = this.conv;
    this.kernel = this.addWeight(
      'kernel',
      [kernelSize[0], kernelSize[1], channels / groups, filters],
      'float32',
      this.init,
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
      const [before, after] = axisPads(padding, i, size, k, strides[i]);
      return Math.floor((size + before + after - k) / strides[i]) + 1;
    };
    return [shape[0] ?? null, axis(shape[1], 0), axis(shape[2], 1), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      const { strides, padding, dilationRate, groups } = this.conv;
      const kernel = (this.kernel as tf.LayerVariable).read() as tf.Tensor4D;
      const xs = tf.split(x, groups, 3);
      const ks = tf.split(kernel, groups, 3);
      const ys = xs.map((xi, i) =>
        tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, strides, padding, 'NHWC', dilationRate),
      );
      let y: tf.Tensor = tf.concat(ys, 3);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return this.act.apply(y) as tf.Tensor;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.conv };
  }
}

export interface StrideHardSwishArgs {
  name?: string;
}

/**
 * Hard swish, x·relu6(x + 3)/6 (Howard et al. 2019, MobileNetV3; Keras 3's hard_swish, PyTorch's Hardswish).
 * Built from relu6, add and mul, whose gradients tfjs has on every backend.
 */
export class StrideHardSwish extends tf.layers.Layer {
  static readonly className = 'StrideHardSwish';

  constructor(args: StrideHardSwishArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    });
  }
}

export interface StridePoolArgs {
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
 * Max/min pooling as PyTorch computes it (nn.MaxPool2d's padding and ceil_mode): the input padded with zeros
 * or with cells that never win (−∞ for max, +∞ for min), plus the ±∞ rows/columns ceil mode's last window
 * reaches past the input, then a 'valid' window. Min pooling is −max(−x), as StrideMinPool2D.
 */
export class StridePool2D extends tf.layers.Layer {
  static readonly className = 'StridePool2D';
  private readonly pool: Omit<StridePoolArgs, 'name'>;

  constructor(args: StridePoolArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    const { mode, poolSize, strides, pads, ceilMode, ignorePadding } = args;
    this.pool = { mode, poolSize, strides, pads, ceilMode, ignorePadding };
  }

  private axis(size: number, i: 0 | 1) {
    const { poolSize, strides, pads, ceilMode } = this.pool;
    return stridePoolAxis(size, poolSize[i], strides[i], pads[i * 2] ?? 0, pads[i * 2 + 1] ?? 0, ceilMode);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (size: number | null | undefined, i: 0 | 1) =>
      size === null || size === undefined ? null : this.axis(size, i).out;
    return [shape[0] ?? null, out(shape[1], 0), out(shape[2], 1), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      const { mode, poolSize, strides, pads, ignorePadding } = this.pool;
      const [, h = 0, w = 0] = x.shape;
      const eh = this.axis(h, 0).extra;
      const ew = this.axis(w, 1).extra;
      const [t, b, l, r] = pads;
      // Work on max pooling: min pooling negates before and after, so its +∞ pads become −∞ here.
      let y: tf.Tensor4D = mode === 'min' ? tf.neg(x) : x;
      const explicit: [number, number][] = [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ];
      if (t + b + l + r > 0) y = tf.pad(y, explicit, ignorePadding ? -Infinity : 0);
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

/** Every custom class a kind compiles to, registered so models train, save and load with them. */
export const CUSTOM_LAYERS: {
  readonly [K in CustomClassName]: tf.serialization.SerializableConstructor<tf.layers.Layer> & {
    readonly className: K;
  };
} = {
  StrideLRN,
  StrideMinPool2D,
  StrideConv2DTranspose,
  StrideGroupedConv2D,
  StrideHardSwish,
  StridePool2D,
};
for (const layer of Object.values(CUSTOM_LAYERS)) tf.serialization.registerClass(layer);
