import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { isImage, needsImage, NO_PARAMS } from './rank';

export const EmptyParamsSchema = z.strictObject({});
export type EmptyParams = z.infer<typeof EmptyParamsSchema>;

export function globalPoolKind(spec: {
  kind: 'globalavgpool' | 'globalmaxpool';
  label: string;
  op: string;
  className: 'GlobalAveragePooling2D' | 'GlobalMaxPooling2D';
}): LayerKindDef<EmptyParams> {
  return {
    kind: spec.kind,
    label: spec.label,
    category: 'pooling',
    description: `Takes the ${spec.op} of each channel over the whole H×W plane: H×W×C becomes a vector of C.`,
    params: EmptyParamsSchema,
    defaults: {},
    fields: [],
    inputs: 'single',
    traits: NO_TRAITS,
    notation: () => spec.label,
    infer(_p, inputs) {
      const x = inputs[0];
      if (x === undefined) return { shape: null };
      if (!isImage(x)) return needsImage(spec.label, x);
      const [h, w, c] = x;
      return {
        shape: [c],
        params: NO_PARAMS,
        macs: 0,
        window: { kernel: [h, w], stride: [h, w] },
        formulas: [`${h}×${w}×${c} → ${c} (one ${spec.op} per channel)`],
      };
    },
    toKeras: () => [{ className: spec.className, config: {} }],
  };
}
