import { poolKind } from '../common/pool';

export const avgpool2d = poolKind({
  kind: 'avgpool2d',
  label: 'AvgPool2D',
  short: 'AvgPool',
  description: 'Averages each window, channel by channel (LeNet-5 subsampling); no parameters.',
  className: 'AveragePooling2D',
});
