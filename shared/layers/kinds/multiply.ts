import { NO_TRAITS, type LayerKindDef } from '../types';
import type { Shape } from '../../analysis/types';
import type { EmptyParams } from '../common/global-pool';
import { EmptyParamsSchema } from '../common/global-pool';
import { shapeText } from '../common/format';
import { NO_PARAMS } from '../common/rank';

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

/** A 1×1×C input: one scale per channel, repeated over every pixel (squeeze-and-excitation's gate). */
const isChannelScale = (s: Shape) => s.length === 3 && s[0] === 1 && s[1] === 1;

/**
 * The output of a product of `inputs`: they are equal, or some are 1×1×C and the others one H×W×C with the
 * same C. Null when they do not fit.
 */
export function multiplyShape(inputs: readonly Shape[]): Shape | null {
  const full = inputs.find((s) => !isChannelScale(s)) ?? inputs[0];
  if (full === undefined) return null;
  const fits = (s: Shape) => same(s, full) || (isChannelScale(s) && full.length === 3 && s[2] === full[2]);
  return inputs.every(fits) ? full : null;
}

export const multiply: LayerKindDef<EmptyParams> = {
  kind: 'multiply',
  label: 'Multiply',
  category: 'merge',
  description:
    'Multiplies its inputs element by element; a 1×1×C input scales each channel of an H×W×C one (squeeze-and-excitation).',
  params: EmptyParamsSchema,
  defaults: {},
  fields: [],
  inputs: 'variadic',
  traits: NO_TRAITS,
  notation: () => 'Multiply',
  infer(_p, inputs) {
    const out = multiplyShape(inputs);
    const listing = inputs.map((s, i) => `input ${i} is ${shapeText(s)}`).join(', ');
    if (out === null) {
      const full = inputs.find((s) => !isChannelScale(s)) ?? inputs[0] ?? [];
      const c = full[full.length - 1] ?? 0;
      return {
        shape: null,
        formulas: inputs.map((s, i) => `input ${i}: ${shapeText(s)}`),
        diagnostics: [
          {
            code: 'MULTIPLY_SHAPE_MISMATCH',
            severity: 'error',
            message: `Multiply needs equal shapes, or 1×1×C inputs beside one H×W×C with the same C: ${listing}.`,
            fix:
              full.length === 3
                ? `Make every input ${shapeText(full)}, or a 1×1×${c} scale (Reshape a vector of ${c} to 1×1×${c}).`
                : `Make every input ${shapeText(full)}.`,
          },
        ],
      };
    }
    const broadcast = inputs.some((s) => !same(s, out));
    return {
      shape: out,
      params: NO_PARAMS,
      // Element-wise products are not multiply-accumulates; like Add, Multiply counts no MACs.
      macs: 0,
      formulas: [
        `${inputs.map((s) => shapeText(s)).join(' ⊙ ')} → ${shapeText(out)}${broadcast ? ` (each 1×1×${out[2]} repeated over ${out[0]}×${out[1]})` : ''}`,
      ],
    };
  },
  toKeras: () => [{ className: 'Multiply', config: {} }],
};
