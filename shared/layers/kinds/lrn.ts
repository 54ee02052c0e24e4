import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { isImage, needsImage, NO_PARAMS } from '../common/rank';

export const LrnParamsSchema = z.strictObject({
  /** n: channels in the normalisation window (odd). */
  size: z
    .number()
    .int()
    .min(1)
    .max(255)
    .refine((n) => n % 2 === 1, 'size must be odd'),
  /** α as in the AlexNet paper (divided by n when compiled to tf.localResponseNormalization). */
  alpha: z.number().min(0).max(1),
  beta: z.number().min(0).max(10),
  k: z.number().min(0).max(100),
});
export type LrnParams = z.infer<typeof LrnParamsSchema>;

/**
 * AlexNet's "NORM": b = a / (k + α/n · Σ a²)^β over n neighbouring channels (Caffe/PyTorch convention).
 * tf.localResponseNormalization does not divide α by n, so the compiled layer uses α/n and radius (n − 1)/2.
 */
export const lrn: LayerKindDef<LrnParams> = {
  kind: 'lrn',
  label: 'LRN',
  category: 'normalization',
  description:
    'Local response normalisation across neighbouring channels (AlexNet, GoogLeNet); no parameters.',
  params: LrnParamsSchema,
  defaults: { size: 5, alpha: 0.0001, beta: 0.75, k: 2 },
  fields: [
    { key: 'size', label: 'Size (n)', type: 'int', min: 1, help: 'odd number of channels' },
    { key: 'alpha', label: 'α', type: 'float', min: 0, step: 0.0001 },
    { key: 'beta', label: 'β', type: 'float', min: 0, step: 0.05 },
    { key: 'k', label: 'k', type: 'float', min: 0, step: 1 },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => `LRN n=${p.size}`,
  infer(_p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('LRN', x);
    return { shape: x, params: NO_PARAMS, macs: 0 };
  },
  toKeras: (p) => [
    {
      className: 'StrideLRN',
      config: { depthRadius: (p.size - 1) / 2, bias: p.k, alpha: p.alpha / p.size, beta: p.beta },
    },
  ],
};
