import { globalPoolKind } from '../common/global-pool';

export const globalavgpool = globalPoolKind({
  kind: 'globalavgpool',
  label: 'GlobalAvgPool',
  op: 'average',
  className: 'GlobalAveragePooling2D',
});
