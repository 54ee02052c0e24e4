import { useState, useSyncExternalStore } from 'react';
import { CurveChart } from './chart/CurveChart';
import { accuracySource, ACCURACY_SERIES, lossSource, LOSS_SERIES } from './chart/sources';
import type { CurveSeries } from './series';

/**
 * Loss and accuracy of one run side by side: per batch (smoothed line, raw faint, raw value at the cursor in
 * the legend) and per epoch (train and validation markers), a log-scale toggle for the loss and a smoothing
 * slider. `testIds` names the loss chart for end-to-end checks (`loss-chart` on the live run).
 */
export function Curves({
  series,
  fileName,
  testIds,
  large = false,
}: {
  series: CurveSeries;
  fileName: string;
  testIds?: { loss: string; accuracy: string };
  /** The training workspace's size: each chart at least 600×320, one under the other when the width asks. */
  large?: boolean;
}) {
  const [log, setLog] = useState(false);
  const smoothing = useSyncExternalStore(
    (l) => series.subscribe(l),
    () => series.smoothingWeight,
  );
  const csv = () => series.toCsv();
  return (
    <div className={`curves${large ? ' curves-large' : ''}`}>
      <div className="curves-tools">
        <label className="toggle">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> Log scale (loss)
        </label>
        <label className="toggle curves-smoothing">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => series.setSmoothing(Number(e.target.value))}
          />
          <output className="mono">{smoothing.toFixed(2)}</output>
        </label>
      </div>
      <div className="curves-charts">
        <CurveChart
          label="Loss"
          yLabel="loss"
          source={lossSource(series)}
          series={LOSS_SERIES}
          log={log}
          fileName={`${fileName}-loss`}
          csv={csv}
          {...(testIds === undefined ? {} : { testId: testIds.loss })}
        />
        <CurveChart
          label="Accuracy"
          yLabel="accuracy"
          source={accuracySource(series)}
          series={ACCURACY_SERIES}
          yRange={[0, 1]}
          fileName={`${fileName}-accuracy`}
          csv={csv}
          {...(testIds === undefined ? {} : { testId: testIds.accuracy })}
        />
      </div>
    </div>
  );
}
