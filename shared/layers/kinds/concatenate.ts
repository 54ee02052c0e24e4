import { NO_TRAITS, type LayerKindDef } from '../types';
import type { EmptyParams } from '../common/global-pool';
import { EmptyParamsSchema } from '../common/global-pool';
import { shapeText } from '../common/format';
import { NO_PARAMS } from '../common/rank';

/** Joins along the channel (last) axis: images need equal H×W, vectors just add up. */
export const concatenate: LayerKindDef<EmptyParams> = {
  kind: 'concatenate',
  label: 'Concatenate',
  category: 'merge',
  description: 'Stacks its inputs along the channels (Inception); images must share H×W.',
  params: EmptyParamsSchema,
  defaults: {},
  fields: [],
  inputs: 'variadic',
  traits: NO_TRAITS,
  notation: () => 'Concat',
  infer(_p, inputs) {
    const first = inputs[0];
    if (first === undefined) return { shape: null };
    const listing = inputs.map((s, i) => `input ${i} is ${shapeText(s)}`).join(', ');
    if (inputs.some((s) => s.length !== first.length)) {
      return {
        shape: null,
        diagnostics: [
          {
            code: 'MERGE_RANK_MISMATCH',
            severity: 'error',
            message: `Concatenate cannot join images with vectors: ${listing}.`,
            fix: 'Flatten (or globally pool) the image inputs first, or concatenate before flattening.',
          },
        ],
      };
    }
    if (first.length === 3) {
      const [h, w] = first;
      const bad = inputs.findIndex((s) => s[0] !== h || s[1] !== w);
      if (bad >= 0) {
        return {
          shape: null,
          diagnostics: [
            {
              code: 'MERGE_SPATIAL_MISMATCH',
              severity: 'error',
              message: `Concatenate joins channels and needs equal H×W: ${listing}.`,
              fix: `Give every branch the same strides and 'same' padding so each ends at ${h}×${w}.`,
            },
          ],
        };
      }
    }
    const channels = inputs.map((s) => s[s.length - 1] ?? 0);
    const total = channels.reduce((a, b) => a + b, 0);
    return {
      shape: [...first.slice(0, -1), total],
      params: NO_PARAMS,
      macs: 0,
      formulas: [`${first.length === 3 ? 'C' : 'N'}: ${channels.join(' + ')} = ${total}`],
    };
  },
  toKeras: () => [{ className: 'Concatenate', config: { axis: -1 } }],
};
