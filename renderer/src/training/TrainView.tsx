import { Splitter } from '../app/Splitter';
import { useEditor } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { Curves } from './Curves';
import { EvaluateImport } from './EvaluateImport';
import { isActive, liveSeries, useLive } from './live';
import { TrainControls } from './TrainControls';
import { TrainSettings } from './TrainSettings';
import { useTrainSetup } from './useTrainSetup';

/**
 * The Train tab of the training workspace: settings on the left (resizable, remembered); controls, progress
 * and the live curves at full size on the right.
 */
export function TrainView() {
  const { config, errors, blockers } = useTrainSetup();
  const phase = useLive((s) => s.phase);
  const name = useEditor((s) => s.doc.name);
  const width = usePrefs((s) => s.panes.trainSettings);
  return (
    <div className="train-view" style={{ gridTemplateColumns: `${width}px 4px minmax(0, 1fr)` }}>
      <TrainSettings errors={errors} locked={isActive(phase)} />
      <Splitter pane="trainSettings" orientation="vertical" edge={1} label="Resize training settings" />
      <section className="train-live" aria-label="Live training">
        <TrainControls config={config} blockers={blockers} />
        <EvaluateImport config={config} />
        <Curves
          series={liveSeries}
          fileName={`${name}-training`}
          testIds={{ loss: 'loss-chart', accuracy: 'accuracy-chart' }}
          large
        />
      </section>
    </div>
  );
}
