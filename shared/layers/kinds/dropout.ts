import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { NO_PARAMS } from '../common/rank';

export const DropoutParamsSchema = z.strictObject({ rate: z.number().min(0).lt(1) });
export type DropoutParams = z.infer<typeof DropoutParamsSchema>;

export const dropout: LayerKindDef<DropoutParams> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'normalization',
  description:
    'While training, zeroes a random fraction of the activations; at test time it passes them through.',
  params: DropoutParamsSchema,
  defaults: { rate: 0.5 },
  fields: [{ key: 'rate', label: 'Rate', type: 'float', min: 0, max: 0.99, step: 0.05 }],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => `Dropout ${p.rate}`,
  infer: (_p, inputs) => ({ shape: inputs[0] ?? null, params: NO_PARAMS, macs: 0 }),
  toKeras: (p) => [{ className: 'Dropout', config: { rate: p.rate } }],
};
