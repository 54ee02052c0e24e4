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
