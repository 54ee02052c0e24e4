import { useId, useMemo, useState } from 'react';
import type { RunDetail } from '../../../shared/api/runs';
import type { OptimizerName } from '../../../shared/api/training';
import { Curves } from '../training/Curves';
import { isActive, liveSeries, useLive } from '../training/live';
import { ConfusionMatrix } from './ConfusionMatrix';
import { useRunDetail } from './details';
import { DuplicateDialog } from './DuplicateDialog';
import { FeatureMapsView } from './FeatureMapsView';
import { seriesFromMetrics } from './metrics';
import { Predictions } from './Predictions';
import { RunFacts } from './RunFacts';
import { RunFilters } from './RunFilters';
import { openGraphInDesigner } from './openGraph';
import { openRun, toggleCompareRun, useRuns } from './store';
import { useResult } from './useResult';
import { TabPanel, Tabs, type TabSpec } from '../ui/Tabs';
import { openActivations } from '../teaching/store';
import { exportRunOnnx } from './onnx';

const TABS = [
  { id: 'curves', title: 'Curves' },
  { id: 'confusion', title: 'Confusion matrix' },
  { id: 'predictions', title: 'Predictions' },
  { id: 'filters', title: 'Filters' },
  { id: 'maps', title: 'Feature maps' },
] as const satisfies readonly TabSpec<string>[];
type TabId = (typeof TABS)[number]['id'];

/** The open run (runs store `openRunId`), beside the runs list in the training workspace. */
export function RunViewHost() {
  const runId = useRuns((s) => s.openRunId);
  return runId === null ? null : <RunView key={runId} runId={runId} />;
}

function RunView({ runId }: { runId: string }) {
  // Fetch the record again when the list says it changed (e.g. the run ended), so its results appear.
  const listed = useRuns((s) => {
    const r = s.runs.find((x) => x.runId === runId);
    return r === undefined ? '' : `${r.status}:${r.seconds ?? ''}:${r.testAccuracy ?? ''}`;
  });
  const detail = useRunDetail(runId, listed);
  const [tab, setTab] = useState<TabId>('curves');
  const [imageIndex, setImageIndex] = useState(0);
  const [duplicating, setDuplicating] = useState(false);
  const picked = useRuns((s) => s.compareRuns.includes(runId));
  const close = () => openRun(null);
  const pickImage = (index: number) => {
    setImageIndex(index);
    setTab('maps');
  };
  const title = detail === null ? 'Run' : `Run: ${detail.name}`;
  const titleId = useId();
  return (
    <section
      className="run-pane"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        // Escape inside the run closes it, as it closed the dialog it once was (a nested dialog goes first).
        if (e.key === 'Escape' && !e.defaultPrevented && !duplicating) close();
      }}
    >
      <header className="run-pane-head">
        <h2 id={titleId}>{title}</h2>
        <div className="button-row">
          {detail !== null ? (
            <>
              <button type="button" onClick={() => setDuplicating(true)}>
                Duplicate with another optimizer…
              </button>
              <button type="button" aria-pressed={picked} onClick={() => toggleCompareRun(runId)}>
                {picked ? 'In comparison ✓' : 'Add to comparison'}
              </button>
              <button type="button" onClick={() => openGraphInDesigner(detail)}>
                Open graph in designer
              </button>
              {detail.hasModel ? (
                <button
                  type="button"
                  onClick={() => {
                    openRun(null);
                    openActivations(runId, imageIndex);
                  }}
                >
                  Activations overview
                </button>
              ) : null}
              {detail.hasModel ? (
                <button
                  type="button"
                  title="The trained network as ONNX (opset 13, NCHW) with its weights"
                  onClick={() => void exportRunOnnx(runId)}
                >
                  Export ONNX…
                </button>
              ) : null}
            </>
          ) : null}
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            title="Close the run"
            onClick={close}
          >
            ×
          </button>
        </div>
      </header>
      <div className="run-pane-body">
        {detail === null ? (
          <p className="muted">Loading the run…</p>
        ) : (
          <>
            <RunFacts detail={detail} />
            <Tabs
              label="Run views"
              idBase="run"
              className="run-tabs"
              tabs={TABS}
              selected={tab}
              onSelect={setTab}
            />
            <TabPanel idBase="run" id={tab} className="run-panel">
              <RunTab
                tab={tab}
                detail={detail}
                imageIndex={imageIndex}
                onImage={setImageIndex}
                onPick={pickImage}
              />
            </TabPanel>
          </>
        )}
      </div>
      {duplicating && detail !== null ? (
        <DuplicateDialog
          runId={runId}
          runName={detail.name}
          current={detail.config.optimizer as OptimizerName}
          onClose={() => setDuplicating(false)}
        />
      ) : null}
    </section>
  );
}

function RunTab({
  tab,
  detail,
  imageIndex,
  onImage,
  onPick,
}: {
  tab: TabId;
  detail: RunDetail;
  imageIndex: number;
  onImage: (i: number) => void;
  onPick: (i: number) => void;
}) {
  const runId = detail.runId;
  const finished = !(detail.status === 'running' || detail.status === 'paused');
  const evaluation = useResult(detail.hasEvaluation ? `${runId}:evaluation` : null, (api) =>
    api.runs.evaluation({ runId }),
  );
  const notYet = (what: string) => (
    <p className="muted">
      {finished
        ? `This run has no ${what} (it ${detail.status} before evaluating).`
        : `The ${what} appears when the run ends.`}
    </p>
  );
  switch (tab) {
    case 'curves':
      return <RunCurves detail={detail} />;
    case 'confusion':
      if (evaluation.value === null)
        return evaluation.loading ? <p className="muted">Loading…</p> : notYet('evaluation');
      return <ConfusionMatrix runId={runId} evaluation={evaluation.value} />;
    case 'predictions':
      if (evaluation.value === null)
        return evaluation.loading ? <p className="muted">Loading…</p> : notYet('evaluation');
      return <Predictions runId={runId} evaluation={evaluation.value} onPick={onPick} />;
    case 'filters':
      return <RunFilters detail={detail} finished={finished} imageIndex={imageIndex} />;
    case 'maps':
      if (!detail.hasModel) return notYet('saved model');
      return (
        <FeatureMapsView
          runId={runId}
          testSize={detail.sizes?.test ?? evaluation.value?.testSize ?? 1}
          classNames={detail.classNames}
          index={imageIndex}
          onIndex={onImage}
        />
      );
  }
}

function RunCurves({ detail }: { detail: RunDetail }) {
  const runId = detail.runId;
  const live = useLive((s) => s.runId === runId && isActive(s.phase));
  const metrics = useResult(live ? null : `${runId}:${detail.status}:${detail.updatedAt}`, (api) =>
    api.runs.metrics({ runId, maxBatchPoints: 4000 }),
  );
  const series = useMemo(
    () => (metrics.value === null ? null : seriesFromMetrics(metrics.value)),
    [metrics.value],
  );
  if (live) return <Curves series={liveSeries} fileName={`${detail.name}-curves`} />;
  if (metrics.error !== null)
    return (
      <p className="field-error" role="alert">
        {metrics.error.message} ({metrics.error.code})
      </p>
    );
  if (series === null) return <p className="muted">Loading curves…</p>;
  return (
    <Curves
      series={series}
      fileName={`${detail.name}-curves`}
      testIds={{ loss: 'run-loss-chart', accuracy: 'run-accuracy-chart' }}
    />
  );
}
