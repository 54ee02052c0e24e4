import type { GraphDoc } from '../graph/schema';

/** How a paper reports its network's result. Errors and accuracies are percentages, as papers print them. */
export type PublishedMetric = 'top5-error' | 'top1-error' | 'accuracy';
export type PublishedDataset = 'ImageNet' | 'MNIST';

/**
 * One figure from the architecture's paper (or, for the course's MNIST nets, from the run the notes print),
 * single model wherever the paper reports one, with where it comes from. `value` is a percentage: 7.2 means
 * 7.2 % top-5 error.
 */
export interface PublishedResult {
  readonly metric: PublishedMetric;
  readonly dataset: PublishedDataset;
  readonly value: number;
  /** The paper and the table or sentence the figure comes from, and how it was measured. */
  readonly source: string;
}

export interface PresetInfo {
  /** Stable id used by `stride summary preset:<id>` and the gallery. */
  readonly id: string;
  readonly name: string;
  readonly year: number;
  /** A few sentences for the teaching views: what is faithful to the reference and what is simplified. */
  readonly description: string;
  /** The published result the architecture is known for (a sentence for cards). */
  readonly headline: string;
  /** The same result as data, for plots and tables (Compare, the architecture-history lesson). */
  readonly published: readonly PublishedResult[];
  build(): GraphDoc;
}
