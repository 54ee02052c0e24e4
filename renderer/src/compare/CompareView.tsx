import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { presetList } from '../model/core';
import { Overlay } from '../app/Overlay';
import { statusLabel } from '../runs/status';
import { openCompare, refreshRuns, toggleComparePreset, toggleCompareRun, useRuns } from '../runs/store';
import { optimizerLabel } from '../training/TrainSettings';
import { CompareTable } from './CompareTable';
import { useCompareEntries } from './entries';
import { OverlaidCurves } from './OverlaidCurves';
import { Scatter } from './Scatter';
import { Structure } from './Structure';

/** The comparison (runs store `compareOpen`), over the designer. */
export function CompareViewHost() {
  const open = useRuns((s) => s.compareOpen);
  return open ? <CompareView /> : null;
}

function CompareView() {
  const { runs, runIds, presetIds } = useRuns(
    useShallow((s) => ({ runs: s.runs, runIds: s.compareRuns, presetIds: s.comparePresets })),
  );
  useEffect(() => {
    void refreshRuns();
  }, []);
  const version = runIds.map((id) => runs.find((r) => r.runId === id)?.status ?? '').join(',');
  const { entries, loading } = useCompareEntries(runIds, presetIds, version);
  return (
    <Overlay title="Compare runs and networks" onClose={() => openCompare(false)}>
      <div className="compare-picker">
        <fieldset>
          <legend>Runs</legend>
          {runs.length === 0 ? <p className="muted">No runs yet.</p> : null}
          <ul className="pick-list">
            {runs.map((r) => (
              <li key={r.runId}>
                <label className="toggle">
                  <input
                    type="checkbox"
                    checked={runIds.includes(r.runId)}
                    onChange={() => toggleCompareRun(r.runId)}
                  />{' '}
                  {r.name}{' '}
                  <span className="muted small">
                    {r.name.includes(optimizerLabel(r.config.optimizer))
                      ? ''
                      : `· ${optimizerLabel(r.config.optimizer)} `}
                    · {statusLabel(r.status)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend>Presets</legend>
          <ul className="pick-list pick-list-presets">
            {presetList().map((p) => (
              <li key={p.id}>
                <label className="toggle">
                  <input
                    type="checkbox"
                    checked={presetIds.includes(p.id)}
                    onChange={() => toggleComparePreset(p.id)}
                  />{' '}
                  {p.name} <span className="muted small">({p.year})</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      </div>
      {loading ? <p className="muted">Loading runs…</p> : null}
      {entries.length < 2 && !loading ? (
        <p className="panel-empty" role="status">
          Pick at least two runs or presets to compare.
        </p>
      ) : null}
      {entries.length > 0 ? (
        <>
          <section className="compare-section" aria-label="Curves">
            <h3>Curves</h3>
            <OverlaidCurves entries={entries} />
          </section>
          <section className="compare-section" aria-label="Numbers">
            <h3>Numbers</h3>
            <CompareTable entries={entries} />
          </section>
          <section className="compare-section" aria-label="Accuracy against size">
            <h3>Accuracy against size</h3>
            <div className="scatters">
              <Scatter entries={entries} by="params" />
              <Scatter entries={entries} by="macs" />
            </div>
          </section>
          <section className="compare-section" aria-label="Structure">
            <h3>Structure, stages aligned</h3>
            <Structure entries={entries} />
          </section>
        </>
      ) : null}
    </Overlay>
  );
}
