import { useEffect } from 'react';
import { create } from 'zustand';
import { CompareViewHost } from '../compare/CompareView';
import { RunsList } from '../runs/RunsList';
import { RunViewHost } from '../runs/RunView';
import { useRuns } from '../runs/store';
import { fractionDone } from './progress';
import { isActive, useLive } from './live';
import { connectTrainingStream } from './stream';
import { TrainView } from './TrainView';
import './training.css';
import '../runs/runs.css';
import '../compare/compare.css';

/**
 * The Training tab of the bottom panel: Train (settings, controls, live curves) and Runs (this host's runs, the
 * run view, the comparison). Which sub-tab shows is window state, kept while other tabs are open.
 */
type View = 'train' | 'runs';
const useTrainingTab = create<{ view: View }>()(() => ({ view: 'train' }));
export const showTrainingView = (view: View): void => useTrainingTab.setState({ view });

const VIEWS: readonly { id: View; title: string }[] = [
  { id: 'train', title: 'Train' },
  { id: 'runs', title: 'Runs' },
];

export function TrainingPanel() {
  const view = useTrainingTab((s) => s.view);
  const count = useRuns((s) => s.runs.length);
  useEffect(() => connectTrainingStream(), []);
  return (
    <div className="training-panel">
      <div className="tabs subtabs" role="tablist" aria-label="Training views">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            id={`training-tab-${v.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={view === v.id}
            aria-controls={`training-panel-${v.id}`}
            tabIndex={view === v.id ? 0 : -1}
            onClick={() => showTrainingView(v.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const next = v.id === 'train' ? 'runs' : 'train';
              showTrainingView(next);
              document.getElementById(`training-tab-${next}`)?.focus();
            }}
          >
            {v.title}
            {v.id === 'runs' && count > 0 ? <span className="tab-count">{count}</span> : null}
          </button>
        ))}
      </div>
      <div
        className="training-subpanel"
        role="tabpanel"
        id={`training-panel-${view}`}
        aria-labelledby={`training-tab-${view}`}
      >
        {view === 'train' ? <TrainView /> : <RunsList />}
      </div>
      <RunViewHost />
      <CompareViewHost />
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
