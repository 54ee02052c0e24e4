import type { RunMetrics } from '../../../shared/api/runs';
import { CurveSeries } from '../training/series';

/** A finished run's curves (runs.metrics) as the same columns the live chart draws. */
export function seriesFromMetrics(metrics: RunMetrics): CurveSeries {
  const series = new CurveSeries(metrics.start?.batchesPerEpoch ?? 1);
  for (const b of metrics.batches) series.append(b);
  for (const e of metrics.epochs) series.markEpoch(e);
  return series;
}
