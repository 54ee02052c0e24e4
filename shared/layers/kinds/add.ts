import { NO_TRAITS, type LayerKindDef } from '../types';
import type { Shape } from '../../analysis/types';
import type { EmptyParams } from '../common/global-pool';
import { EmptyParamsSchema } from '../common/global-pool';
import { shapeText } from '../common/format';
import { isImage, NO_PARAMS } from '../common/rank';

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

/** A concrete repair for input i: the 1×1 projection a ResNet would put on that branch. */
function projectionFix(target: Shape, other: Shape, port: number): string {
  if (isImage(target) && isImage(other)) {
    const [th, tw, tc] = target;
    const [oh, ow, oc] = other;
    if (oh >= th && ow >= tw && oh % th === 0 && ow % tw === 0) {
      const sh = oh / th;
      const sw = ow / tw;
      const stride = sh === sw ? `${sh}` : `${sh}×${sw}`;
      return `Put a 1×1 Conv2D with ${tc} filters${sh === 1 && sw === 1 ? '' : `, stride ${stride}`} on input ${port} (a projection shortcut, ${shapeText(other)} → ${shapeText(target)}).`;
    }
    if (oc === tc) return `Change the strides/padding on input ${port} so it reaches ${th}×${tw}.`;
  }
  return `Make input ${port} produce ${shapeText(target)} too.`;
}

export const add: LayerKindDef<EmptyParams> = {
  kind: 'add',
  label: 'Add',
  category: 'merge',
  description: 'Adds its inputs element by element (the residual connection); all must have the same shape.',
  params: EmptyParamsSchema,
  defaults: {},
  fields: [],
  inputs: 'variadic',
  traits: NO_TRAITS,
  notation: () => 'Add',
  infer(_p, inputs) {
    const first = inputs[0];
    if (first === undefined) return { shape: null };
    const bad = inputs.findIndex((s) => !same(s, first));
    if (bad >= 0) {
      const other = inputs[bad] as Shape;
      // Project the higher-resolution input down to the other one, as a ResNet shortcut does.
      const firstIsLarger = first.length === 3 && other.length === 3 && (first[0] ?? 0) > (other[0] ?? 0);
      const fix = firstIsLarger ? projectionFix(other, first, 0) : projectionFix(first, other, bad);
      return {
        shape: null,
        formulas: inputs.map((s, i) => `input ${i}: ${shapeText(s)}`),
        diagnostics: [
          {
            code: 'MERGE_SHAPE_MISMATCH',
            severity: 'error',
            message: `Add needs equal shapes: ${inputs.map((s, i) => `input ${i} is ${shapeText(s)}`).join(', ')}.`,
            fix,
          },
        ],
      };
    }
    return {
      shape: first,
      params: NO_PARAMS,
      macs: 0,
      formulas: [`${inputs.map((s) => shapeText(s)).join(' + ')} → ${shapeText(first)}`],
    };
  },
  toKeras: () => [{ className: 'Add', config: {} }],
};
