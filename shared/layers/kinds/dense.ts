import { z } from 'zod';
import type { LayerKindDef } from '../types';
import { ActivationSchema, UnitsSchema, activationSuffix } from '../common/params';
import { dot, fmtInt, shapeText } from '../common/format';
import { kerasActivation } from '../common/keras';

export const DenseParamsSchema = z.strictObject({
  units: UnitsSchema,
  activation: ActivationSchema,
  useBias: z.boolean(),
});
export type DenseParams = z.infer<typeof DenseParamsSchema>;

/**
 * Dense takes a vector. On an image Keras would apply it to the last axis only (H×W×units), which is never
 * what a lecture's "FC layer" means, so Stride reports DENSE_NEEDS_FLATTEN and asks for a Flatten (or a
 * global pooling) first.
 */
export const dense: LayerKindDef<DenseParams> = {
  kind: 'dense',
  label: 'Dense',
  category: 'dense',
  description: 'Fully connected: every output unit sees every input feature (N·U weights + U biases).',
  params: DenseParamsSchema,
  defaults: { units: 128, activation: 'relu', useBias: true },
  fields: [
    { key: 'units', label: 'Units', type: 'int', min: 1 },
    { key: 'activation', label: 'Activation', type: 'enum', options: ActivationSchema.options },
    { key: 'useBias', label: 'Use bias', type: 'bool' },
  ],
  inputs: 'single',
  traits: { kernel: true, padsBefore: false, activatesAfter: true },
  notation: (p) => `Dense ${p.units}${activationSuffix(p.activation)}`,
  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (x.length !== 1) {
      return {
        shape: null,
        diagnostics: [
          {
            code: 'DENSE_NEEDS_FLATTEN',
            severity: 'error',
            message:
              `Dense needs a vector but receives ${shapeText(x)}; Keras would apply it to the last axis only ` +
              `(giving ${[...x.slice(0, -1), p.units].join('×')}), which is rarely what an FC layer means.`,
            fix: `Insert a Flatten (→ ${x.reduce((a, b) => a * b, 1)}) or a GlobalAvgPool (→ ${x[x.length - 1] ?? 0}) before it.`,
          },
        ],
      };
    }
    const n = x[0] ?? 0;
    const weights = n * p.units;
    const bias = p.useBias ? p.units : 0;
    return {
      shape: [p.units],
      params: { total: weights + bias, trainable: weights + bias, nonTrainable: 0 },
      macs: weights,
      formulas: [`params: ${dot(n, p.units)}${p.useBias ? ` + ${p.units}` : ''} = ${fmtInt(weights + bias)}`],
    };
  },
  toKeras(p) {
    const act = kerasActivation(p.activation);
    return [
      { className: 'Dense', config: { units: p.units, activation: act.activation, useBias: p.useBias } },
      ...act.post,
    ];
  },
};
