import * as tf from '@tensorflow/tfjs';

/**
 * Reference networks for benchmarks, built directly with tf.layers (the GraphDoc compiler lives in
 * main/training/model; benchmarks must not depend on it so that kernel speed is measured on its own).
 */
export const BENCH_MODELS = {
  /** The seed Keras MNIST CNN (lecture note 002): 93,322 parameters. */
  'mnist-keras': (): tf.LayersModel => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return m;
  },
  /** A small LeNet (6 and 16 filters of 5×5), the net of the first wasm measurements (docs/benchmarks.md). */
  'lenet-small': (): tf.LayersModel => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 120, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 84, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return m;
  },
} as const;

export type BenchModelName = keyof typeof BENCH_MODELS;
