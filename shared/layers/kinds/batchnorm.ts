import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { fmtInt } from '../common/format';

export const BatchNormParamsSchema = z.strictObject({
  momentum: z.number().min(0).lt(1),
  epsilon: z.number().gt(0).max(1),
  center: z.boolean(),
  scale: z.boolean(),
});
export type BatchNormParams = z.infer<typeof BatchNormParamsSchema>;

/**
 * Normalises each channel (the last axis). Params as Keras counts them: γ and β trainable (when scale/center),
 * the moving mean and variance non-trainable. PyTorch reports only γ and β as parameters (the running stats
 * are buffers), so torchvision totals equal Stride's trainable count.
 */
export const batchnorm: LayerKindDef<BatchNormParams> = {
  kind: 'batchnorm',
  label: 'BatchNorm',
  category: 'normalization',
  description: 'Normalises each channel over the batch, then scales (γ) and shifts (β) it.',
  params: BatchNormParamsSchema,
  defaults: { momentum: 0.99, epsilon: 0.001, center: true, scale: true },
  fields: [
    { key: 'momentum', label: 'Momentum', type: 'float', min: 0, max: 0.999, step: 0.01 },
    { key: 'epsilon', label: 'Epsilon', type: 'float', min: 0, max: 1, step: 0.0001 },
    { key: 'center', label: 'Center (β)', type: 'bool' },
    { key: 'scale', label: 'Scale (γ)', type: 'bool' },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: () => 'BatchNorm',
  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    const c = x[x.length - 1] ?? 0;
    const trainable = (p.scale ? c : 0) + (p.center ? c : 0);
    const nonTrainable = 2 * c;
    const parts = [p.scale ? 'γ' : '', p.center ? 'β' : '', 'mean', 'variance'].filter((s) => s !== '');
    return {
      shape: x,
      params: { total: trainable + nonTrainable, trainable, nonTrainable },
      macs: 0,
      formulas: [
        `params: ${parts.length}·${c} = ${fmtInt(trainable + nonTrainable)} (${parts.join(', ')}; mean and variance non-trainable)`,
      ],
    };
  },
  untrainable(p) {
    const off = [p.center ? null : 'Center (β)', p.scale ? null : 'Scale (γ)'].filter((s) => s !== null);
    if (off.length === 0) return null;
    return {
      problem: `has ${off.join(' and ')} turned off, which tfjs cannot train (its BatchNormalization needs both γ and β).`,
      fix: 'turn on Center (β) and Scale (γ) for this layer',
    };
  },
  toKeras: (p) => [
    {
      className: 'BatchNormalization',
      config: { axis: -1, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale },
    },
  ],
};
