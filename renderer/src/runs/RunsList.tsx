import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunSummary } from '../../../shared/api/ns/training';
import type { OptimizerName } from '../../../shared/api/training';
import { formatInt } from '../model/format';
import { useEditor } from '../store/editor';
import { toast } from '../store/toasts';
import { isActive, useLive } from '../training/live';
import { formatDuration, formatPercent, fractionDone } from '../training/progress';
import { optimizerLabel } from '../training/TrainSettings';
import { useRunDetail } from './details';
import { DuplicateDialog } from './DuplicateDialog';
import { GraphThumb } from './GraphThumb';
import { splitByProject } from './project';
import { statusLabel } from './status';
import { deleteRun, openCompare, openRun, refreshRuns, toggleCompareRun, useRuns } from './store';

/**
 * This host's runs, newest first: the runs of the project open in the designer, or (All runs) every run with
 * this project's first. Pick runs to compare, open one, duplicate it with another optimizer.
 */
export function RunsList() {
  const { runs, loaded, error, picked, allRuns } = useRuns(
    useShallow((s) => ({
      runs: s.runs,
      loaded: s.loaded,
      error: s.error,
      picked: s.compareRuns.length + s.comparePresets.length,
      allRuns: s.allRuns,
    })),
  );
  const { path, name } = useEditor(useShallow((s) => ({ path: s.path, name: s.doc.name })));
  const [duplicating, setDuplicating] = useState<RunSummary | null>(null);
  useEffect(() => {
    void refreshRuns();
  }, []);
  const { mine, others } = useMemo(() => splitByProject(runs, { path, name }), [runs, path, name]);
  const row = (r: RunSummary) => <RunRow key={r.runId} run={r} onDuplicate={() => setDuplicating(r)} />;
  const groupRow = (label: string, count: number) => (
    <tr className="runs-group">
      <th scope="colgroup" colSpan={COLUMNS}>
        {label} <span className="muted small">({count})</span>
      </th>
    </tr>
  );
  const empty =
    runs.length === 0
      ? 'No runs yet: start one in the Train tab.'
      : !allRuns && mine.length === 0
        ? `No runs of this project yet (${others.length} of other projects: tick “All runs”).`
        : null;
  return (
    <div className="runs-view">
      <div className="runs-toolbar button-row">
        <button type="button" onClick={() => void refreshRuns()}>
          Refresh
        </button>
        <label className="toggle" title={path ?? `${name} (not saved)`}>
          <input
            type="checkbox"
            checked={allRuns}
            onChange={(e) => useRuns.setState({ allRuns: e.target.checked })}
          />{' '}
          All runs
        </label>
        <span className="muted small" data-testid="runs-count">
          {mine.length} of this project{others.length > 0 ? `, ${others.length} other` : ''}
        </span>
        <button type="button" className="primary" onClick={() => openCompare()} data-testid="compare-open">
          Compare{picked > 0 ? ` (${picked})` : ''}…
        </button>
      </div>
      {error !== null ? (
        <p className="field-error" role="alert">
          Could not list runs: {error}
        </p>
      ) : null}
      {loaded && empty !== null ? (
        <p className="panel-empty">{empty}</p>
      ) : (
        <table className="summary-table runs-table" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Test acc.
              </th>
              <th scope="col" className="num">
                Best val. acc.
              </th>
              <th scope="col">Optimizer</th>
              <th scope="col" className="num">
                Params
              </th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Backend</th>
              <th scope="col">Graph</th>
            </tr>
          </thead>
          <tbody>
            {allRuns && others.length > 0 ? (
              <>
                {groupRow('This project', mine.length)}
                {mine.map(row)}
                {groupRow('Other runs', others.length)}
                {others.map(row)}
              </>
            ) : (
              mine.map(row)
            )}
          </tbody>
        </table>
      )}
      {duplicating !== null ? (
        <DuplicateDialog
          runId={duplicating.runId}
          runName={duplicating.name}
          current={duplicating.config.optimizer as OptimizerName}
          onClose={() => setDuplicating(null)}
        />
      ) : null}
    </div>
  );
}

const COLUMNS = 10;

function RunRow({ run, onDuplicate }: { run: RunSummary; onDuplicate: () => void }) {
  const picked = useRuns((s) => s.compareRuns.includes(run.runId));
  const active = run.status === 'running' || run.status === 'paused';
  // The run training now: its progress, live (the list itself is only refreshed at start and end).
  const progress = useLive((s) =>
    s.runId === run.runId && isActive(s.phase) ? Math.floor(fractionDone(s) * 100) : null,
  );
  const remove = async () => {
    if (!window.confirm(`Delete the run "${run.name}" and its files?`)) return;
    const result = await deleteRun(run.runId);
    if (!result.ok) toast.error(result.message ?? 'Could not delete the run.');
  };
  return (
    <tr data-run-id={run.runId} className={picked ? 'is-selected' : undefined}>
      <td>
        <input
          type="checkbox"
          checked={picked}
          onChange={() => toggleCompareRun(run.runId)}
          aria-label={`Compare ${run.name}`}
        />
      </td>
      <td className="run-name-cell">
        <button
          type="button"
          className="link-button run-name"
          onClick={() => openRun(run.runId)}
          title={run.runId}
        >
          {run.name}
        </button>
        <span className="muted small"> {new Date(run.createdAt).toLocaleString()}</span>
        <span className="button-row run-actions">
          <button
            type="button"
            className="small-button"
            onClick={() => openRun(run.runId)}
            aria-label={`Open ${run.name}`}
          >
            Open
          </button>
          <button
            type="button"
            className="small-button"
            onClick={onDuplicate}
            aria-label={`Duplicate ${run.name} with another optimizer`}
          >
            Duplicate…
          </button>
          <button
            type="button"
            className="small-button danger"
            disabled={active}
            onClick={() => void remove()}
            aria-label={`Delete ${run.name}`}
          >
            Delete
          </button>
        </span>
      </td>
      <td>
        <span className={`run-badge run-badge-${run.status}`} title={run.error?.message}>
          {statusLabel(run.status)}
          {progress !== null ? ` ${progress}%` : ''}
        </span>
      </td>
      <td className="num">{formatPercent(run.testAccuracy)}</td>
      <td className="num">{formatPercent(run.bestValAccuracy)}</td>
      <td>{optimizerLabel(run.config.optimizer)}</td>
      <td className="num">{run.params === null ? '—' : formatInt(run.params)}</td>
      <td className="num">{formatDuration(run.seconds)}</td>
      <td title={run.device ?? undefined}>{run.backend ?? '—'}</td>
      <td>
        <Snapshot runId={run.runId} />
      </td>
    </tr>
  );
}

function Snapshot({ runId }: { runId: string }) {
  const detail = useRunDetail(runId);
  return detail === null ? <span className="muted">…</span> : <GraphThumb graph={detail.graph} />;
}
