import type { GraphDoc } from '../graph/schema';

/**
 * A result the architecture's paper reports: `value` in percent (top-5 error 15.3 means 15.3 %), on the named
 * dataset, with `source` saying where exactly (paper, table, test or validation set, single model or ensemble).
 */
export interface PublishedResult {
  readonly metric: 'top5-error' | 'top1-error' | 'accuracy';
  readonly dataset: 'ImageNet' | 'MNIST';
  readonly value: number;
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
  build(): GraphDoc;
}
