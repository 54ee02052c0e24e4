import { NO_TRAITS, type LayerKindDef } from '../types';
import type { EmptyParams } from '../common/global-pool';
import { EmptyParamsSchema } from '../common/global-pool';
import { dot, product } from '../common/format';
import { NO_PARAMS } from '../common/rank';

export const flatten: LayerKindDef<EmptyParams> = {
  kind: 'flatten',
  label: 'Flatten',
  category: 'dense',
  description: 'Unrolls H×W×C into one vector of H·W·C features for the dense layers.',
  params: EmptyParamsSchema,
  defaults: {},
  fields: [],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: () => 'Flatten',
  infer(_p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    const n = product(x);
    return { shape: [n], params: NO_PARAMS, macs: 0, formulas: x.length > 1 ? [`${dot(...x)} = ${n}`] : [] };
  },
  toKeras: () => [{ className: 'Flatten', config: {} }],
};
