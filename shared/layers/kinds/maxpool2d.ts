import { poolKind } from '../common/pool';

export const maxpool2d = poolKind({
  kind: 'maxpool2d',
  label: 'MaxPool2D',
  short: 'MaxPool',
  description: 'Keeps the largest value of each window, channel by channel; no parameters.',
  className: 'MaxPooling2D',
  pytorchOptions: 'max',
});
