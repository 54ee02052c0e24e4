import * as tf from '@tensorflow/tfjs';
import { axisPads } from '../../../shared/layers/common/window';
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

/** Every custom class a kind compiles to, registered so models train, save and load with them. */
export const CUSTOM_LAYERS: {
  readonly [K in CustomClassName]: tf.serialization.SerializableConstructor<tf.layers.Layer> & {
    readonly className: K;
  };
} = {
  StrideLRN,
  StrideMinPool2D,
  StrideHardSwish,
};
for (const layer of Object.values(CUSTOM_LAYERS)) tf.serialization.registerClass(layer);
