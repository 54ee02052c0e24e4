import { useEffect } from 'react';
import { Splitter } from '../app/Splitter';
import { RunsList } from '../runs/RunsList';
import { RunViewHost } from '../runs/RunView';
import { useRuns } from '../runs/store';
import { usePrefs } from '../store/prefs';
import { TabPanel, Tabs } from '../ui/Tabs';
import { connectTrainingStream } from './stream';
import { TrainView } from './TrainView';
import { showTrainingView, useTrainingTab } from './views';
import './training.css';
import '../runs/runs.css';

/**
 * The training workspace, a top-level view beside the designer: Train (settings, controls, large live curves)
 * and Runs (the runs list beside the open run's curves, confusion matrix, predictions, filters and feature
 * maps). Comparisons have their own view (Compare). The designer's bottom panel keeps a compact status.
 */
export function TrainingWorkspace() {
  const view = useTrainingTab((s) => s.view);
  const count = useRuns((s) => s.runs.length);
  useEffect(() => connectTrainingStream(), []);
  return (
    <section className="training-workspace" aria-label="Training workspace">
      <Tabs
        label="Training views"
        idBase="training"
        className="subtabs"
        selected={view}
        onSelect={showTrainingView}
        tabs={[
          { id: 'train', title: 'Train' },
          {
            id: 'runs',
            title: 'Runs',
            badge: count > 0 ? <span className="tab-count">{count}</span> : undefined,
          },
        ]}
      />
      <TabPanel idBase="training" id={view} className="training-subpanel">
        {view === 'train' ? <TrainView /> : <RunsPane />}
      </TabPanel>
    </section>
  );
}

/** The runs list, and the open run beside it (the split is remembered). */
function RunsPane() {
  const open = useRuns((s) => s.openRunId !== null);
  const width = usePrefs((s) => s.panes.runsList);
  return (
    <div
      className="runs-pane"
      style={{ gridTemplateColumns: open ? `${width}px 4px minmax(0, 1fr)` : 'minmax(0, 1fr)' }}
    >
      <div className="runs-pane-list">
        <RunsList />
      </div>
      {open ? (
        <>
          <Splitter pane="runsList" orientation="vertical" edge={1} label="Resize runs list" />
          <RunViewHost />
        </>
      ) : null}
    </div>
  );
}
