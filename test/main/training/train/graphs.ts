import type { TrainingConfig, TrainingConfigInput } from '../../../../shared/api/training';
import { TrainingConfigSchema } from '../../../../shared/api/training';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { ChainBuilder, conv, fc, pool } from '../../../../shared/presets/builder';

/** A small conv net for MNIST-sized input that trains in well under a second per hundred images on wasm. */
export function tinyNet(
  o: { input?: [number, number, number]; classes?: number; softmax?: boolean; filters?: number } = {},
): GraphDoc {
  return new ChainBuilder()
    .add('input', 'input', { shape: o.input ?? [28, 28, 1] })
    .add('conv1', 'conv2d', conv(o.filters ?? 8, 3))
    .add('pool1', 'maxpool2d', pool(2, 2))
    .add('flatten', 'flatten')
    .add('out', 'dense', fc(o.classes ?? 10, o.softmax === false ? 'linear' : 'softmax'))
    .build('Tiny net', 'test network', {});
}

export function trainConfig(input: Partial<TrainingConfigInput> = {}): TrainingConfig {
  return TrainingConfigSchema.parse({
    dataset: 'mnist-10k',
    epochs: 1,
    batchSize: 32,
    backend: 'wasm',
    limit: 256,
    ...input,
  });
}

/** tinyNet with a BatchNorm after the convolution (center/scale as given). */
export function batchNormNet(bn: { center?: boolean; scale?: boolean } = {}): GraphDoc {
  return new ChainBuilder()
    .add('input', 'input', { shape: [28, 28, 1] })
    .add('conv1', 'conv2d', conv(8, 3))
    .add('bn1', 'batchnorm', { momentum: 0.99, epsilon: 0.001, center: true, scale: true, ...bn })
    .add('pool1', 'maxpool2d', pool(2, 2))
    .add('flatten', 'flatten')
    .add('out', 'dense', fc(10, 'softmax'))
    .build('BatchNorm net', 'test network', {});
}

/**
 * A small depthwise-separable network: a 3×3 conv, a depthwise 3×3/2 (M = 2) with BatchNorm and ReLU6, a 1×1
 * pointwise conv, a SeparableConv2D block and a grouped 3×3 conv (4 groups).
 */
export function separableNet(): GraphDoc {
  return new ChainBuilder()
    .add('input', 'input', { shape: [28, 28, 1] })
    .add('conv1', 'conv2d', { filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu6' })
    .add('dw1', 'depthwiseconv2d', {
      kernel: 3,
      stride: 2,
      padding: 'same',
      depthMultiplier: 2,
      useBias: false,
    })
    .add('dw1_bn', 'batchnorm', { momentum: 0.9, epsilon: 1e-3, center: true, scale: true })
    .add('dw1_relu', 'activation', { activation: 'relu6', alpha: 0 })
    .add('pw1', 'conv2d', { filters: 16, kernel: 1, padding: 'valid', activation: 'relu6' })
    .add('sep2', 'separableconv2d', { filters: 16, kernel: 3, stride: 2, padding: 1, activation: 'relu' })
    .add('group3', 'conv2d', { filters: 16, kernel: 3, padding: 'same', groups: 4, activation: 'relu' })
    .add('flatten', 'flatten')
    .add('out', 'dense', fc(10, 'softmax'))
    .build('Depthwise-separable net', 'test network', {});
}
