import { useEffect } from 'react';
import { runCommand, shortcutLabel } from '../shortcuts/commands';
import { fractionDone } from './progress';
import { isActive, useLive } from './live';
import { connectTrainingStream } from './stream';
import { TrainControls } from './TrainControls';
import { useTrainSetup } from './useTrainSetup';
import './training.css';

/**
 * The Training tab of the designer's bottom panel: a compact status of the run (start, pause, stop, progress,
 * ETA, the last validation numbers). Settings, the large curves and past runs are in the training workspace.
 */
export function TrainingPanel() {
  const { config, blockers } = useTrainSetup();
  useEffect(() => connectTrainingStream(), []);
  const key = shortcutLabel('go.training');
  return (
    <div className="training-status">
      <TrainControls config={config} blockers={blockers} />
      <p className="training-status-more">
        <button type="button" className="link-button" onClick={() => runCommand('go.training')}>
          Open the training workspace
        </button>{' '}
        <span className="muted small">
          (settings, large live curves, past runs{key !== '' ? `; ${key}` : ''})
        </span>
      </p>
    </div>
  );
}

/** Next to the tab title: a run in progress (and how far), visible whatever tab is open. */
export function TrainingBadge() {
  const phase = useLive((s) => s.phase);
  const percent = useLive((s) => Math.floor(fractionDone(s) * 100));
  useEffect(() => connectTrainingStream(), []);
  if (!isActive(phase)) return null;
  const text = phase === 'paused' ? 'paused' : phase === 'starting' ? '…' : `${percent}%`;
  return (
    <span className="tab-badge tab-badge-training" aria-label={`Training ${text}`}>
      {text}
    </span>
  );
}
