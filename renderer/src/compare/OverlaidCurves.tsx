import { useMemo } from 'react';
import type { RunMetrics } from '../../../shared/api/runs';
import { seriesFromMetrics } from '../runs/metrics';
import { CurveChart, type ChartSource, type SeriesStyle } from '../training/chart/CurveChart';
import { entryLabel, type CompareEntry } from './entries';
import { joinCurves } from './join';

const staticSource = (data: ReturnType<typeof joinCurves>): ChartSource => ({
  subscribe: () => () => undefined,
  data: () => data,
});

/** Per-run curves joined on shared x values, with one series style per run (colour = entry position). */
export function overlay(entries: readonly CompareEntry[]) {
  const runs = entries.flatMap((e, index) => (e.metrics === null ? [] : [{ e, metrics: e.metrics, index }]));
  const loss = runs.map(({ metrics }) => {
    const data = seriesFromMetrics(metrics).lossData();
    return { x: data[0], y: data[1] as ArrayLike<number> };
  });
  const acc = runs.map(({ metrics }: { metrics: RunMetrics }) => ({
    x: metrics.epochs.map((p) => p.epoch),
    y: metrics.epochs.map((p) => p.valAccuracy),
  }));
  const series: SeriesStyle[] = runs.map(({ e, index }) => ({
    label: entryLabel(e),
    color: index,
    width: 2,
  }));
  return {
    count: runs.length,
    loss: staticSource(joinCurves(loss)),
    acc: staticSource(joinCurves(acc)),
    series,
    points: series.map((s) => ({ ...s, points: true })),
  };
}

/**
 * The picked runs' curves on shared axes: training loss per batch (smoothed) and validation accuracy per
 * epoch, one colour per run (the same colour in the table and scatter plots).
 */
export function OverlaidCurves({ entries }: { entries: readonly CompareEntry[] }) {
  const built = useMemo(() => overlay(entries), [entries]);
  if (built.count === 0)
    return <p className="muted">Pick runs to overlay their curves (presets have none).</p>;
  return (
    <div className="curves-charts compare-curves">
      <CurveChart
        label="Training loss (smoothed)"
        yLabel="loss"
        source={built.loss}
        series={built.series}
        fileName="comparison-loss"
        testId="compare-loss-chart"
      />
      <CurveChart
        label="Validation accuracy"
        yLabel="accuracy"
        source={built.acc}
        series={built.points}
        yRange={[0, 1]}
        fileName="comparison-val-accuracy"
        testId="compare-accuracy-chart"
      />
    </div>
  );
}
