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
  StrideHardSwish,
  StridePool2D,
};
for (const layer of Object.values(CUSTOM_LAYERS)) tf.serialization.registerClass(layer);
