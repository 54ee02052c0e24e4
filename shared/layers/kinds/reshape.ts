import { z } from 'zod';
import type { Shape } from '../../analysis/types';
import { NO_TRAITS, type DiagnosticDraft, type InferResult, type LayerKindDef } from '../types';
import { MAX_DIM, MAX_UNITS } from '../common/params';
import { dot, fmtInt, product, shapeText } from '../common/format';
import { NO_PARAMS } from '../common/rank';

/** A target size: a positive whole number, or −1 for "whatever the element count leaves" (at most one). */
const TargetDim = z.union([z.literal(-1), z.number().int().min(1).max(Math.max(MAX_DIM, MAX_UNITS))]);

export const ReshapeParamsSchema = z.strictObject({
  /** [N] (a vector) or [H, W, C] (an image), channels last as Keras reshapes; one entry may be −1. */
  shape: z.union([z.tuple([TargetDim]), z.tuple([TargetDim, TargetDim, TargetDim])]),
});
export type ReshapeParams = z.infer<typeof ReshapeParamsSchema>;

const targetText = (shape: readonly number[]) => shape.map((d) => (d === -1 ? '−1' : `${d}`)).join('×');

function refuse(diagnostic: DiagnosticDraft, formulas: readonly string[]): InferResult {
  return { shape: null, formulas, diagnostics: [diagnostic] };
}

/**
 * The target shape with its −1 resolved, as Keras's Reshape computes it: the element count stays the same, read
 * in channels-last order (H, then W, then C). Refused with the numbers when the counts cannot agree.
 */
export function inferReshape(p: ReshapeParams, x: Shape): InferResult {
  const count = product(x);
  const countText = x.length > 1 ? `${dot(...x)} = ${fmtInt(count)}` : fmtInt(count);
  const unknown = p.shape.filter((d) => d === -1).length;
  if (unknown > 1) {
    return refuse(
      {
        code: 'RESHAPE_MULTIPLE_UNKNOWN',
        severity: 'error',
        message: `Reshape to ${targetText(p.shape)} has ${unknown} sizes of −1; only one can be inferred.`,
        fix: `Give all but one size; e.g. ${targetText(p.shape.map((d, i) => (d === -1 && i !== p.shape.indexOf(-1) ? 1 : d)))}.`,
      },
      [`input: ${countText} elements`],
    );
  }
  const known = p.shape.filter((d) => d !== -1);
  const knownCount = product(known);
  if (unknown === 1) {
    const inferred = count / knownCount;
    const formula = `−1 = ${fmtInt(count)} / ${known.length > 1 ? `(${dot(...known)})` : fmtInt(knownCount)} = ${Number.isInteger(inferred) ? fmtInt(inferred) : inferred.toFixed(3)}`;
    if (!Number.isInteger(inferred)) {
      return refuse(
        {
          code: 'RESHAPE_SIZE_MISMATCH',
          severity: 'error',
          message: `Reshape ${shapeText(x)} (${countText} elements) to ${targetText(p.shape)}: ${fmtInt(count)} is not a multiple of ${fmtInt(knownCount)}, so −1 would be ${inferred.toFixed(3)}.`,
          fix: `Choose sizes whose product divides ${fmtInt(count)}.`,
        },
        [`input: ${countText} elements`, formula],
      );
    }
    const shape = p.shape.map((d) => (d === -1 ? inferred : d));
    return ok(shape, [`input: ${countText} elements`, formula, `→ ${shapeText(shape)}`]);
  }
  const targetCount = product(p.shape);
  if (targetCount !== count) {
    return refuse(
      {
        code: 'RESHAPE_SIZE_MISMATCH',
        severity: 'error',
        message: `Reshape ${shapeText(x)} (${countText} elements) to ${shapeText(p.shape)} (${p.shape.length > 1 ? `${dot(...p.shape)} = ` : ''}${fmtInt(targetCount)} elements): the counts differ.`,
        fix: `Make the sizes multiply to ${fmtInt(count)}, or write −1 for one of them.`,
      },
      [`input: ${countText} elements`, `target: ${dot(...p.shape)} = ${fmtInt(targetCount)}`],
    );
  }
  return ok(p.shape, [`${countText} = ${p.shape.length > 1 ? `${dot(...p.shape)}` : fmtInt(targetCount)}`]);
}

const ok = (shape: Shape, formulas: readonly string[]): InferResult => ({
  shape,
  params: NO_PARAMS,
  macs: 0,
  formulas,
});

export const reshape: LayerKindDef<ReshapeParams> = {
  kind: 'reshape',
  label: 'Reshape',
  category: 'dense',
  description:
    'Rearranges the same values into another shape, read channels last (e.g. a vector of C to 1×1×C for squeeze-and-excitation); one size may be −1.',
  params: ReshapeParamsSchema,
  defaults: { shape: [-1] },
  fields: [
    {
      key: 'shape',
      label: 'Target shape',
      type: 'shape',
      help: '[N] or [H, W, C]; one size may be −1 (inferred from the element count)',
    },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => `Reshape ${targetText(p.shape)}`,
  infer(p, inputs) {
    const x = inputs[0];
    return x === undefined ? { shape: null } : inferReshape(p, x);
  },
  // The −1 resolved: tfjs's Reshape leaves it unknown (null) in the symbolic shape, which a Dense after it
  // cannot build on. Keras JSON and model.json so carry the sizes; the Stride graph beside them keeps the −1.
  toKeras: (p, { shape }) => [
    { className: 'Reshape', config: { targetShape: [...(inferReshape(p, shape).shape ?? p.shape)] } },
  ],
};
