import type { Shape } from '../../analysis/types';
import type { DiagnosticDraft, InferResult } from '../types';
import { shapeText } from './format';

/** The result of a layer that needs an image [H, W, C] but got something else. */
export function needsImage(label: string, input: Shape): InferResult {
  const diagnostic: DiagnosticDraft = {
    code: 'SHAPE_NEEDS_IMAGE',
    severity: 'error',
    message: `${label} needs an image [H, W, C] but receives ${input.length === 1 ? 'a vector' : 'a tensor'} [${shapeText(input).replaceAll('×', ', ')}].`,
    fix:
      input.length === 1
        ? `Move ${label} before the Flatten/Dense layers, or start from an image input.`
        : 'Feed it an [H, W, C] tensor.',
  };
  return { shape: null, diagnostics: [diagnostic] };
}

export const isImage = (shape: Shape): shape is readonly [number, number, number] => shape.length === 3;

export const NO_PARAMS = { total: 0, trainable: 0, nonTrainable: 0 } as const;
