import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  'Simonyan & Zisserman 2014, configuration D: thirteen 3×3 convolutions (stride 1, pad 1, ReLU) in five ' +
  'stages of 64, 128, 256, 512, 512 filters, each stage ending in a 2×2/2 max pool (224 → 7), then FC 4096, ' +
  'FC 4096 (each followed by dropout 0.5) and FC 1000.';
const headline = 'ILSVRC-2014 classification runner-up: 7.3% top-5 test error (7.4% for VGG-16 alone)';

const STAGES: readonly (readonly [number, number])[] = [
  [2, 64],
  [2, 128],
  [3, 256],
  [3, 512],
  [3, 512],
];

export const vgg16: PresetInfo = {
  id: 'vgg16',
  name: 'VGG-16',
  year: 2014,
  description,
  headline,
  published: [
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 7.4,
      models: 1,
      source: 'Simonyan & Zisserman, ICLR 2015: VGG-16 (configuration D) alone, ILSVRC-2012 test set',
    },
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 7.3,
      models: 7,
      source: 'Simonyan & Zisserman, ICLR 2015: the ILSVRC-2014 submission (an ensemble of 7 nets), test set',
    },
  ],
  build: () => {
    const b = new ChainBuilder().add('input', 'input', { shape: [224, 224, 3] });
    STAGES.forEach(([convs, filters], s) => {
      for (let i = 1; i <= convs; i += 1)
        b.add(`conv${s + 1}_${i}`, 'conv2d', conv(filters, 3, { padding: 1 }));
      b.add(`pool${s + 1}`, 'maxpool2d', pool(2, 2));
    });
    return b
      .add('flatten', 'flatten')
      .add('fc6', 'dense', fc(4096))
      .add('drop6', 'dropout', { rate: 0.5 })
      .add('fc7', 'dense', fc(4096))
      .add('drop7', 'dropout', { rate: 0.5 })
      .add('fc8', 'dense', fc(1000, 'softmax'))
      .build('VGG-16', description, {
        presetId: 'vgg16',
        year: 2014,
        authors: 'K. Simonyan, A. Zisserman',
        headline,
        source: 'Very Deep Convolutional Networks for Large-Scale Image Recognition, ICLR 2015 (table 1, D)',
      });
  },
};
