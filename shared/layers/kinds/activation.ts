import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { ActivationSchema } from '../common/params';
import { NO_PARAMS } from '../common/rank';

export const ActivationParamsSchema = z.strictObject({
  activation: ActivationSchema,
  /** Negative-side slope of leaky_relu (elu uses α = 1, the only value tfjs's ELU layer builds). */
  alpha: z.number().min(0).max(10),
});
export type ActivationParams = z.infer<typeof ActivationParamsSchema>;

export const activation: LayerKindDef<ActivationParams> = {
  kind: 'activation',
  label: 'Activation',
  category: 'activation',
  description:
    'Applies a non-linearity element by element (relu, sigmoid, tanh, softmax, leaky relu, elu, gelu, selu, swish, hard swish).',
  params: ActivationParamsSchema,
  defaults: { activation: 'relu', alpha: 0.3 },
  fields: [
    { key: 'activation', label: 'Function', type: 'enum', options: ActivationSchema.options },
    { key: 'alpha', label: 'Slope α (leaky relu)', type: 'float', min: 0, step: 0.01 },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => (p.activation === 'leaky_relu' ? `leaky_relu α=${p.alpha}` : p.activation),
  infer: (_p, inputs) => ({ shape: inputs[0] ?? null, params: NO_PARAMS, macs: 0 }),
  toKeras(p) {
    if (p.activation === 'leaky_relu') return [{ className: 'LeakyReLU', config: { alpha: p.alpha } }];
    // tfjs has no hard-swish activation string: Stride's own layer computes it.
    if (p.activation === 'hard_swish') return [{ className: 'StrideHardSwish', config: {} }];
    return [{ className: 'Activation', config: { activation: p.activation } }];
  },
};
