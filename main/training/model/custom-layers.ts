import * as tf from '@tensorflow/tfjs';
import { axisPads } from '../../../shared/layers/common/window';
import type { CustomClassName } from '../../../shared/layers/keras-classes';

/**
 * The layers tfjs-layers lacks. Registered with tf.serialization so a saved model (model.json) loads back
 * with them: import this module before tf.loadLayersModel.
 */

type Kwargs = Record<string, unknown>;
type Initializer = ReturnType<typeof tf.initializers.zeros>;
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

/** Every custom class a kind compiles to, registered so models train, save and load with them. */
export const CUSTOM_LAYERS: {
  readonly [K in CustomClassName]: tf.serialization.SerializableConstructor<tf.layers.Layer> & {
    readonly className: K;
  };
} = {
  StrideLRN,
  StrideMinPool2D,
  StrideGroupedConv2D,
};
for (const layer of Object.values(CUSTOM_LAYERS)) tf.serialization.registerClass(layer);
