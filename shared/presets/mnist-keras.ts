import type { PresetInfo } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

const description =
  "The Keras MNIST CNN of lecture note 002, layer for layer: three Conv2D(3×3, 'same', relu) with 32, 64 and " +
  '64 filters, each followed by MaxPooling2D(2×2), then Flatten (576), Dense(64, relu) and Dense(10, ' +
  'softmax). The last pooling floors 7×7 to 3×3 and drops a row and a column (a warning says so).';
const headline = '99.19% test accuracy after 5 epochs (Adam, batch 64)';

export const mnistKeras: PresetInfo = {
  id: 'mnist-keras',
  name: 'MNIST CNN (Keras)',
  year: 2015,
  description,
  headline,
  published: [
    {
      metric: 'accuracy',
      dataset: 'MNIST',
      value: 99.19,
      models: 1,
      source:
        'The Keras MNIST CNN of the lecture notes: model.evaluate on the 10,000 test digits after 5 epochs (Adam, batch 64)',
    },
  ],
  build: () =>
    new ChainBuilder()
      .add('input', 'input', { shape: [28, 28, 1] })
      .add('conv2d_3', 'conv2d', conv(32, 3, { padding: 'same' }))
      .add('max_pooling2d_3', 'maxpool2d', pool(2, 2))
      .add('conv2d_4', 'conv2d', conv(64, 3, { padding: 'same' }))
      .add('max_pooling2d_4', 'maxpool2d', pool(2, 2))
      .add('conv2d_5', 'conv2d', conv(64, 3, { padding: 'same' }))
      .add('max_pooling2d_5', 'maxpool2d', pool(2, 2))
      .add('flatten', 'flatten')
      .add('dense', 'dense', fc(64))
      .add('dense_1', 'dense', fc(10, 'softmax'))
      .build('MNIST CNN (Keras)', description, {
        presetId: 'mnist-keras',
        year: 2015,
        headline,
        source: 'Lecture note 002 (keras.models.Sequential, model.summary(): 93,322 params)',
      }),
};
