import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  'LeCun et al. 1998: [CONV-POOL-CONV-POOL-CONV-FC] on a 32×32 digit, 5×5 convolutions at stride 1, 2×2 ' +
  'average subsampling at stride 2, tanh throughout. C3 is fully connected here (the paper wires 10 of its 16 ' +
  'maps to a subset of S2) and the RBF output is a 10-way Dense with softmax, as most re-implementations do.';
const headline = '0.95% test error on MNIST (0.8% with distortions)';

export const lenet5: PresetInfo = {
  id: 'lenet5',
  name: 'LeNet-5',
  year: 1998,
  description,
  headline,
  published: [
    {
      metric: 'accuracy',
      dataset: 'MNIST',
      value: 99.05,
      models: 1,
      source:
        'LeCun et al. 1998, Gradient-Based Learning Applied to Document Recognition: 0.95% test error (0.8% with distortions)',
    },
  ],
  build: () =>
    new ChainBuilder()
      .add('input', 'input', { shape: [32, 32, 1] })
      .add('c1', 'conv2d', conv(6, 5, { activation: 'tanh' }), 'C1')
      .add('s2', 'avgpool2d', pool(2, 2), 'S2')
      .add('c3', 'conv2d', conv(16, 5, { activation: 'tanh' }), 'C3')
      .add('s4', 'avgpool2d', pool(2, 2), 'S4')
      .add('c5', 'conv2d', conv(120, 5, { activation: 'tanh' }), 'C5')
      .add('flatten', 'flatten')
      .add('f6', 'dense', fc(84, 'tanh'), 'F6')
      .add('output', 'dense', fc(10, 'softmax'))
      .build('LeNet-5', description, {
        presetId: 'lenet5',
        year: 1998,
        authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
        headline,
        source: 'Gradient-based learning applied to document recognition, Proc. IEEE, 1998',
      }),
};
