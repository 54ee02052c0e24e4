import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  'The PyTorch MNIST CNN of lecture note 004: Conv2d(1,16,5) → ReLU → Conv2d(16,32,5) → ReLU → MaxPool(2) → ' +
  'Conv2d(32,64,5) → ReLU → MaxPool(2) → Linear(64·3·3, 100) → ReLU → Linear(100, 10); 28 → 24 → 20 → 10 → ' +
  '6 → 3. The ReLUs are folded into their layers; the final Softmax is the one nn.CrossEntropyLoss applies.';
const headline = '98.66% test accuracy after 10 epochs (Adam, lr 0.0002, batch 256)';

export const mnistPytorch: PresetInfo = {
  id: 'mnist-pytorch',
  name: 'MNIST CNN (PyTorch)',
  year: 2019,
  description,
  headline,
  published: [
    {
      metric: 'accuracy',
      dataset: 'MNIST',
      value: 98.66,
      models: 1,
      source:
        'The PyTorch MNIST CNN of the lecture notes: test accuracy after 10 epochs (Adam, lr 0.0002, batch 256)',
    },
  ],
  build: () =>
    new ChainBuilder()
      .add('input', 'input', { shape: [28, 28, 1] })
      .add('conv1', 'conv2d', conv(16, 5))
      .add('conv2', 'conv2d', conv(32, 5))
      .add('pool1', 'maxpool2d', pool(2, 2))
      .add('conv3', 'conv2d', conv(64, 5))
      .add('pool2', 'maxpool2d', pool(2, 2))
      .add('flatten', 'flatten')
      .add('fc1', 'dense', fc(100))
      .add('fc2', 'dense', fc(10, 'linear'))
      .add('softmax', 'softmax')
      .build('MNIST CNN (PyTorch)', description, {
        presetId: 'mnist-pytorch',
        year: 2019,
        headline,
        source: 'Lecture note 004 (파이토치 첫걸음, chapter 5)',
      }),
};
