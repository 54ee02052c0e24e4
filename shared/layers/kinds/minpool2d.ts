import { poolKind } from '../common/pool';

/** Taught by the seeds; tfjs has no min pooling, so it trains as the custom layer StrideMinPool2D (−max(−x)). */
export const minpool2d = poolKind({
  kind: 'minpool2d',
  label: 'MinPool2D',
  short: 'MinPool',
  description: 'Keeps the smallest value of each window, channel by channel; no parameters.',
  className: 'StrideMinPool2D',
  pytorchOptions: 'min',
});
