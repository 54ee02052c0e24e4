import type { CurveSeries } from '../series';
import type { ChartSource, SeriesStyle } from './CurveChart';

/** Chart sources over a CurveSeries, one object per series and kind (stable, so charts are not rebuilt). */
const loss = new WeakMap<CurveSeries, ChartSource>();
const accuracy = new WeakMap<CurveSeries, ChartSource>();

export function lossSource(series: CurveSeries): ChartSource {
  let source = loss.get(series);
  if (source === undefined) {
    source = {
      subscribe: (l) => series.subscribe(l),
      data: () => series.lossData(),
      lastTime: () => series.lastTime(),
    };
    loss.set(series, source);
  }
  return source;
}

export function accuracySource(series: CurveSeries): ChartSource {
  let source = accuracy.get(series);
  if (source === undefined) {
    source = {
      subscribe: (l) => series.subscribe(l),
      data: () => series.accuracyData(),
      lastTime: () => series.lastTime(),
    };
    accuracy.set(series, source);
  }
  return source;
}

/** The columns of CurveSeries.lossData / accuracyData after x, in order. */
export const LOSS_SERIES: readonly SeriesStyle[] = [
  { label: 'smoothed', color: 0, width: 2 },
  { label: 'raw', color: 0, alpha: 0.28, width: 1 },
  { label: 'train (epoch)', color: 1, points: true },
  { label: 'validation (epoch)', color: 2, points: true, dash: [6, 4] },
];

export const ACCURACY_SERIES: readonly SeriesStyle[] = [
  { label: 'smoothed', color: 0, width: 2 },
  { label: 'raw', color: 0, alpha: 0.28, width: 1 },
  { label: 'train (epoch)', color: 1, points: true },
  { label: 'validation (epoch)', color: 2, points: true, dash: [6, 4] },
];
