import type { Diagnostic } from '../analysis/types';
import { describeTransform, fitTransform, type InputTransform } from './transform';

/**
 * Does a dataset fit the graph's input? Pure, so the designer can show the same message as `stride train`.
 * Shapes are channels-last [H, W, C]. On a mismatch the diagnostic says what differs and how to fix it, and
 * `suggestions` carries the same fixes as data the UI applies in one click (transform the images: pad, resize,
 * convert the colour channels; or set the Input node).
 */
export const DATASET_SHAPE_MISMATCH = 'DATASET_SHAPE_MISMATCH';

export type ImageShape = readonly [number, number, number];

export type FitSuggestion =
  /** Transform the images (training form / `--pad`, `--resize`, `--channels`): the graph stays as it is. */
  | { readonly action: 'transform'; readonly transform: InputTransform; readonly shape: ImageShape }
  /** Change the graph's Input node to the dataset's shape. */
  | { readonly action: 'set-input'; readonly shape: ImageShape };

export interface DatasetFitProblem extends Diagnostic {
  readonly suggestions: readonly FitSuggestion[];
}

const dims = (s: readonly number[]): string => s.join('×');

export interface FitOptions {
  /**
   * Whether the graph still works with its Input set to this shape (re-analysed by the caller). Without it
   * `set-input` is always offered; with it only when the rest of the graph accepts the new size — LeNet-5's C5
   * (a 5×5 convolution over S4's 5×5 maps) does not accept MNIST's 28×28.
   */
  readonly inputWorks?: (shape: ImageShape) => boolean;
}

/**
 * `datasetShape` is what the images are after the run's transform (if any). The fixes, best first: the
 * transform that makes the images fit (`fitTransform`: zero padding for a small growth, else a resize; a
 * channel conversion), then setting the Input node, when the graph accepts it.
 */
export function checkDatasetFit(
  inputShape: readonly number[],
  datasetShape: ImageShape,
  inputNodeId: string | null = null,
  options: FitOptions = {},
): DatasetFitProblem | null {
  const works = (shape: ImageShape) => options.inputWorks?.(shape) ?? true;
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
  const [h, w, c] = datasetShape;
  if (ih === h && iw === w && ic === c) return null;
  const fixes: string[] = [];
  const suggestions: FitSuggestion[] = [];
  const transform = fitTransform(inputShape, datasetShape);
  if (transform !== null) {
    fixes.push(describeTransform(transform, datasetShape));
    suggestions.push({ action: 'transform', transform, shape: [ih, iw, ic] });
  }
  if (works(datasetShape)) {
    fixes.push(`set Input to ${dims(datasetShape)}`);
    suggestions.push({ action: 'set-input', shape: datasetShape });
  }
  return {
    code: DATASET_SHAPE_MISMATCH,
    severity: 'error',
    nodeId: inputNodeId,
    message: `The input expects ${dims(inputShape)} images, but the dataset has ${dims(datasetShape)}.`,
    ...(fixes.length > 0 ? { fix: fixes.join(', or ') } : {}),
    suggestions,
  };
}
