import type { GraphDoc } from '../graph/schema';

/** `iou`: intersection over union of a segmentation (U-Net), not a classification figure: never plotted. */
export type PublishedMetric = 'top5-error' | 'top1-error' | 'accuracy' | 'iou';
export type PublishedDataset = 'ImageNet' | 'MNIST' | 'ISBI cell tracking';

/**
 * A result the architecture's paper reports: `value` in percent (top-5 error 15.3 means 15.3 %), on the named
 * dataset, with `source` saying where exactly (paper, table, test or validation set, single model or ensemble).
 */
export interface PublishedResult {
  readonly metric: PublishedMetric;
  readonly dataset: PublishedDataset;
  readonly value: number;
  /**
   * How many networks produced the figure: 1 for one model, more for an ensemble (competition entries often
   * averaged several). Only single-model figures stand beside one trained network in a comparison.
   */
  readonly models: number;
  readonly source: string;
}

export interface PresetInfo {
  /** Stable id used by `stride summary preset:<id>` and the gallery. */
  readonly id: string;
  readonly name: string;
  readonly year: number;
  /** A few sentences for the teaching views: what is faithful to the reference and what is simplified. */
  readonly description: string;
  /** The published result the architecture is known for. */
  readonly headline: string;
  /** The published results as numbers (most-cited first), for the history lesson and the comparison. */
  readonly published: readonly PublishedResult[];
  /**
   * Set when Stride can analyse and export the network but not train it, saying why (the gallery shows it; the
   * trainer refuses with a coded error): U-Net's per-pixel output needs a loss the trainer lacks.
   */
  readonly shapeAnalysisOnly?: string;
  build(): GraphDoc;
}
