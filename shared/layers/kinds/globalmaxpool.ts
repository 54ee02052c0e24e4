import { globalPoolKind } from '../common/global-pool';

export const globalmaxpool = globalPoolKind({
  kind: 'globalmaxpool',
  label: 'GlobalMaxPool',
  op: 'maximum',
  className: 'GlobalMaxPooling2D',
});
