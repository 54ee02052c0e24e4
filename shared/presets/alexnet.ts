import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  'Krizhevsky et al. 2012 as lecture note 003 lists it, on one tower: 227×227×3 → CONV1 96 11×11/4 → ' +
  'MAX POOL 3×3/2 → NORM → CONV2 256 5×5 pad 2 → MAX POOL → NORM → CONV3 384, CONV4 384, CONV5 256 (3×3 pad ' +
  '1) → MAX POOL → FC 4096 → FC 4096 → FC 1000, ReLU everywhere, dropout 0.5 before FC6 and FC7. The paper ' +
  'split conv2, conv4 and conv5 across two GPUs (grouped), which this single tower does not.';
const headline = 'ILSVRC-2012 winner: 15.3% top-5 test error';

export const alexnet: PresetInfo = {
  id: 'alexnet',
  name: 'AlexNet',
  year: 2012,
  description,
  headline,
  published: [
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 15.3,
      models: 7,
      source: 'Krizhevsky et al., NIPS 2012: ILSVRC-2012 test set, the winning entry (an ensemble of 7 CNNs)',
    },
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 17.0,
      models: 1,
      source: 'Krizhevsky et al., NIPS 2012: ILSVRC-2010 test set, one CNN',
    },
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 37.5,
      models: 1,
      source: 'Krizhevsky et al., NIPS 2012: ILSVRC-2010 test set, one CNN',
    },
  ],
  build: () =>
    new ChainBuilder()
      .add('input', 'input', { shape: [227, 227, 3] })
      .add('conv1', 'conv2d', conv(96, 11, { stride: 4 }), 'CONV1')
      .add('pool1', 'maxpool2d', pool(3, 2), 'MAX POOL1')
      .add('norm1', 'lrn', {}, 'NORM1')
      .add('conv2', 'conv2d', conv(256, 5, { padding: 2 }), 'CONV2')
      .add('pool2', 'maxpool2d', pool(3, 2), 'MAX POOL2')
      .add('norm2', 'lrn', {}, 'NORM2')
      .add('conv3', 'conv2d', conv(384, 3, { padding: 1 }), 'CONV3')
      .add('conv4', 'conv2d', conv(384, 3, { padding: 1 }), 'CONV4')
      .add('conv5', 'conv2d', conv(256, 3, { padding: 1 }), 'CONV5')
      .add('pool3', 'maxpool2d', pool(3, 2), 'MAX POOL3')
      .add('flatten', 'flatten')
      .add('drop6', 'dropout', { rate: 0.5 })
      .add('fc6', 'dense', fc(4096), 'FC6')
      .add('drop7', 'dropout', { rate: 0.5 })
      .add('fc7', 'dense', fc(4096), 'FC7')
      .add('fc8', 'dense', fc(1000, 'softmax'), 'FC8')
      .build('AlexNet', description, {
        presetId: 'alexnet',
        year: 2012,
        authors: 'A. Krizhevsky, I. Sutskever, G. E. Hinton',
        headline,
        source: 'ImageNet Classification with Deep Convolutional Neural Networks, NIPS 2012',
      }),
};

const towersDescription =
  'Krizhevsky et al. 2012 as the paper trained it, on two GPUs: conv2, conv4 and conv5 are grouped ' +
  'convolutions of 2 groups (each filter sees only the 48 or 192 channels of its own tower), conv3 and the ' +
  'fully connected layers see both towers. Response normalisation follows conv1 and conv2, max pooling ' +
  'follows both normalisations and conv5 (section 3.5). Input 227×227 so that the sizes work out as the ' +
  'paper\'s figure 2 draws them (55, 27, 13, 6); 60,965,224 parameters, the paper\'s "60 million".';

export const alexnetTowers: PresetInfo = {
  id: 'alexnet-towers',
  name: 'AlexNet (two towers)',
  year: 2012,
  description: towersDescription,
  headline,
  published: alexnet.published,
  build: () =>
    new ChainBuilder()
      .add('input', 'input', { shape: [227, 227, 3] })
      .add('conv1', 'conv2d', conv(96, 11, { stride: 4 }), 'CONV1')
      .add('norm1', 'lrn', {}, 'NORM1')
      .add('pool1', 'maxpool2d', pool(3, 2), 'MAX POOL1')
      .add('conv2', 'conv2d', { ...conv(256, 5, { padding: 2 }), groups: 2 }, 'CONV2 (2 towers)')
      .add('norm2', 'lrn', {}, 'NORM2')
      .add('pool2', 'maxpool2d', pool(3, 2), 'MAX POOL2')
      .add('conv3', 'conv2d', conv(384, 3, { padding: 1 }), 'CONV3')
      .add('conv4', 'conv2d', { ...conv(384, 3, { padding: 1 }), groups: 2 }, 'CONV4 (2 towers)')
      .add('conv5', 'conv2d', { ...conv(256, 3, { padding: 1 }), groups: 2 }, 'CONV5 (2 towers)')
      .add('pool3', 'maxpool2d', pool(3, 2), 'MAX POOL3')
      .add('flatten', 'flatten')
      .add('drop6', 'dropout', { rate: 0.5 })
      .add('fc6', 'dense', fc(4096), 'FC6')
      .add('drop7', 'dropout', { rate: 0.5 })
      .add('fc7', 'dense', fc(4096), 'FC7')
      .add('fc8', 'dense', fc(1000, 'softmax'), 'FC8')
      .build('AlexNet (two towers)', towersDescription, {
        presetId: 'alexnet-towers',
        year: 2012,
        authors: 'A. Krizhevsky, I. Sutskever, G. E. Hinton',
        headline,
        source:
          'ImageNet Classification with Deep Convolutional Neural Networks, NIPS 2012, section 3.5 and figure 2',
      }),
};
