import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  'Szegedy et al. 2014, table 1: a stem (7×7/2 conv, 3×3/2 max pool, LRN, 1×1 and 3×3 convs, LRN, max pool), ' +
  'nine Inception modules (3a–5b) with 3×3/2 max pools between the stages, 7×7 average pool, dropout 0.4 and ' +
  "a 1000-way classifier. Convolutions carry biases and ReLU, no BatchNorm, no auxiliary classifiers; 'same' " +
  'padding everywhere, so 224 → 112 → 56 → 28 → 14 → 7.';
const headline = 'ILSVRC-2014 winner: 6.67% top-5 test error';

/** #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj — table 1. */
const MODULES: Readonly<Record<string, readonly [number, number, number, number, number, number]>> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
};

export const googlenet: PresetInfo = {
  id: 'googlenet',
  name: 'GoogLeNet',
  year: 2014,
  description,
  headline,
  published: [
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 6.67,
      models: 7,
      source: 'Szegedy et al., CVPR 2015: ILSVRC-2014 test set, the winning entry (7 models, 144 crops each)',
    },
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 10.07,
      models: 1,
      source: 'Szegedy et al., CVPR 2015, table 5: one model, one crop, validation set',
    },
  ],
  build: () => {
    const b = new ChainBuilder()
      .add('input', 'input', { shape: [224, 224, 3] })
      .add('conv1', 'conv2d', conv(64, 7, { stride: 2, padding: 'same' }))
      .add('pool1', 'maxpool2d', pool(3, 2, 'same'))
      .add('norm1', 'lrn')
      .add('conv2_reduce', 'conv2d', conv(64, 1))
      .add('conv2', 'conv2d', conv(192, 3, { padding: 'same' }))
      .add('norm2', 'lrn')
      .add('pool2', 'maxpool2d', pool(3, 2, 'same'));
    const inception = (id: string) => {
      const [c1x1, c3x3reduce, c3x3, c5x5reduce, c5x5, poolProj] = MODULES[id] ?? [0, 0, 0, 0, 0, 0];
      b.add(`inception${id}`, 'inception', {
        c1x1,
        c3x3reduce,
        c3x3,
        c5x5reduce,
        c5x5,
        poolProj,
        naive: false,
      });
    };
    ['3a', '3b'].forEach(inception);
    b.add('pool3', 'maxpool2d', pool(3, 2, 'same'));
    ['4a', '4b', '4c', '4d', '4e'].forEach(inception);
    b.add('pool4', 'maxpool2d', pool(3, 2, 'same'));
    ['5a', '5b'].forEach(inception);
    return b
      .add('avgpool', 'avgpool2d', pool(7, 1))
      .add('flatten', 'flatten')
      .add('dropout', 'dropout', { rate: 0.4 })
      .add('fc', 'dense', fc(1000, 'softmax'))
      .build('GoogLeNet', description, {
        presetId: 'googlenet',
        year: 2014,
        authors: 'C. Szegedy et al.',
        headline,
        source: 'Going Deeper with Convolutions, CVPR 2015 (table 1)',
      });
  },
};
