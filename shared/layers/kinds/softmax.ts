import { NO_TRAITS, type LayerKindDef } from '../types';
import type { EmptyParams } from '../common/global-pool';
import { EmptyParamsSchema } from '../common/global-pool';
import { NO_PARAMS } from '../common/rank';

export const softmax: LayerKindDef<EmptyParams> = {
  kind: 'softmax',
  label: 'Softmax',
  category: 'activation',
  description: 'Turns class scores into probabilities that sum to 1: exp(yᵢ)/Σⱼ exp(yⱼ) over the last axis.',
  params: EmptyParamsSchema,
  defaults: {},
  fields: [],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: () => 'Softmax',
  infer: (_p, inputs) => ({ shape: inputs[0] ?? null, params: NO_PARAMS, macs: 0 }),
  toKeras: () => [{ className: 'Softmax', config: { axis: -1 } }],
};
