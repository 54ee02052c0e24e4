import type { PublishedMetric, PublishedResult } from './types';

/**
 * Published results as accuracies (0–1) for plots beside measured runs. A run is one network and its accuracy
 * is top-1, so only single-model figures qualify (a competition ensemble would flatter the architecture), and
 * a top-1 figure (or an MNIST accuracy) is preferred; a top-5 figure stands in only where the paper gives no
 * single-model top-1, and says so (`metric`), so a chart can mark it differently.
 */
export interface PlottedAccuracy {
  readonly accuracy: number;
  readonly metric: PublishedMetric;
  readonly result: PublishedResult;
}

export function accuracyOf(result: PublishedResult): number {
  switch (result.metric) {
    case 'accuracy':
    case 'iou':
      return result.value / 100;
    case 'top1-error':
    case 'top5-error':
      return 1 - result.value / 100;
    default: {
      const never: never = result.metric;
      return never;
    }
  }
}

const PREFERENCE: Readonly<Record<PublishedMetric, number>> = {
  accuracy: 0,
  'top1-error': 0,
  'top5-error': 1,
  iou: 2,
};

/** Figures a classification run can stand beside: a segmentation's IoU measures something else. */
const CLASSIFICATION: Readonly<Record<PublishedMetric, boolean>> = {
  accuracy: true,
  'top1-error': true,
  'top5-error': true,
  iou: false,
};

export function plottedAccuracy(published: readonly PublishedResult[]): PlottedAccuracy | null {
  const best = published
    .filter((r) => r.models === 1 && CLASSIFICATION[r.metric])
    .sort((a, b) => PREFERENCE[a.metric] - PREFERENCE[b.metric])[0];
  return best === undefined ? null : { accuracy: accuracyOf(best), metric: best.metric, result: best };
}

const METRIC_TEXT: Readonly<Record<PublishedMetric, string>> = {
  accuracy: 'accuracy',
  'top1-error': 'top-1 error',
  'top5-error': 'top-5 error',
  iou: 'IoU',
};

/** `6.67% top-5 error on ImageNet (7 models)`: the model count only for an ensemble. */
export const publishedText = (r: PublishedResult): string =>
  `${r.value}% ${METRIC_TEXT[r.metric]} on ${r.dataset}${r.models > 1 ? ` (${r.models} models)` : ''}`;
