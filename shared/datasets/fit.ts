import type { Diagnostic } from '../analysis/types';

/**
 * Does a dataset fit the graph's input? Pure, so the designer can show the same message as `stride train`.
 * Shapes are channels-last [H, W, C]. On a mismatch the diagnostic says what differs and how to fix it, and
 * `suggestions` carries the same fixes as data the UI can apply (set the Input node, pad or resize the images,
 * convert the colour channels).
 */
export const DATASET_SHAPE_MISMATCH = 'DATASET_SHAPE_MISMATCH';

export type ImageShape = readonly [number, number, number];

export type FitSuggestion =
  | { readonly action: 'set-input'; readonly shape: ImageShape }
  | {
      readonly action: 'pad';
      readonly pad: readonly [number, number, number, number];
      readonly shape: ImageShape;
    }
  | { readonly action: 'resize'; readonly shape: ImageShape }
  | { readonly action: 'convert-channels'; readonly channels: number };

export interface DatasetFitProblem extends Diagnostic {
  readonly suggestions: readonly FitSuggestion[];
}

const dims = (s: readonly number[]): string => s.join('×');

export function checkDatasetFit(
  inputShape: readonly number[],
  datasetShape: ImageShape,
  inputNodeId: string | null = null,
): DatasetFitProblem | null {
  const [h, w, c] = datasetShape;
  if (inputShape.length !== 3) {
    return {
      code: DATASET_SHAPE_MISMATCH,
      severity: 'error',
      nodeId: inputNodeId,
      message: `The input expects shape ${dims(inputShape)}, but the dataset has images of ${dims(datasetShape)} (height×width×channels).`,
      fix: `set Input to ${dims(datasetShape)}`,
      suggestions: [{ action: 'set-input', shape: datasetShape }],
    };
  }
  const [ih = 0, iw = 0, ic = 0] = inputShape;
  if (ih === h && iw === w && ic === c) return null;
  const fixes: string[] = [`set Input to ${dims(datasetShape)}`];
  const suggestions: FitSuggestion[] = [{ action: 'set-input', shape: datasetShape }];
  const sameSize = ih === h && iw === w;
  if (!sameSize) {
    const dh = ih - h;
    const dw = iw - w;
    if (dh >= 0 && dw >= 0) {
      // Growing by zero-padding keeps every pixel (LeNet-5 reads MNIST's 28×28 padded to 32×32).
      const pad = [Math.floor(dh / 2), Math.ceil(dh / 2), Math.floor(dw / 2), Math.ceil(dw / 2)] as const;
      const even = pad[0] === pad[1] && pad[2] === pad[3] && pad[0] === pad[2];
      fixes.push(`resize to ${ih}×${iw} (pad ${even ? pad[0] : pad.join('/')})`);
      suggestions.push({ action: 'pad', pad, shape: [ih, iw, c] });
    } else {
      fixes.push(`resize the images to ${ih}×${iw} (bilinear)`);
      suggestions.push({ action: 'resize', shape: [ih, iw, c] });
    }
  }
  if (ic !== c) {
    const how =
      ic === 1
        ? 'convert the images to grayscale (1 channel)'
        : ic === 3
          ? 'convert the images to RGB (3 channels)'
          : null;
    if (how !== null && (c === 1 || c === 3)) {
      fixes.push(how);
      suggestions.push({ action: 'convert-channels', channels: ic });
    }
  }
  return {
    code: DATASET_SHAPE_MISMATCH,
    severity: 'error',
    nodeId: inputNodeId,
    message: `The input expects ${dims(inputShape)} images, but the dataset has ${dims(datasetShape)}.`,
    fix: fixes.join(', or '),
    suggestions,
  };
}
