import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { MAX_CHANNELS, MAX_DIM, MAX_UNITS } from '../common/params';

const dim = (max: number) => z.number().int().min(1).max(max);

export const InputParamsSchema = z.strictObject({
  /** [H, W, C] for images (channels last) or [N] for vectors. */
  shape: z.union([z.tuple([dim(MAX_DIM), dim(MAX_DIM), dim(MAX_CHANNELS)]), z.tuple([dim(MAX_UNITS)])]),
});
export type InputParams = z.infer<typeof InputParamsSchema>;

export const input: LayerKindDef<InputParams> = {
  kind: 'input',
  label: 'Input',
  category: 'io',
  description: 'The network input: an image H×W×C (channels last) or a vector of N features.',
  params: InputParamsSchema,
  defaults: { shape: [28, 28, 1] },
  fields: [{ key: 'shape', label: 'Shape', type: 'shape', help: '[H, W, C] for an image, [N] for a vector' }],
  inputs: 'none',
  traits: NO_TRAITS,
  notation: (p) => `Input ${p.shape.join('×')}`,
  infer: (p) => ({ shape: p.shape, formulas: [] }),
  toKeras: (p) => [{ className: 'InputLayer', config: { batchInputShape: [null, ...p.shape] } }],
};
