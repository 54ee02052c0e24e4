import { useEffect, useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useResolvedTheme } from '../app/theme';
import { publishedText, presetList } from '../model/core';
import { statusLabel } from '../runs/status';
import { refreshRuns, toggleComparePreset, toggleCompareRun, useRuns } from '../runs/store';
import { PALETTES } from '../training/chart/palette';
import { downloadBlob } from '../training/download';
import { optimizerLabel } from '../training/TrainSettings';
import { toast } from '../store/toasts';
import { CompareTable } from './CompareTable';
import { useCompareEntries } from './entries';
import { OverlaidCurves } from './OverlaidCurves';
import { comparisonPng } from './png';
import { Scatter } from './Scatter';
import { Structure } from './Structure';
import './compare.css';

/** A class's usual line-up: the ImageNet milestones. */
export const CLASSIC_LINEUP = ['alexnet', 'vgg16', 'googlenet', 'resnet50'] as const;

/** The efficiency lesson: accuracy per multiply-add, VGG-16's 15.5 G beside the networks built to need less. */
export const EFFICIENT_LINEUP = [
  'vgg16',
  'resnet50',
  'squeezenet1_1',
  'mobilenet-v1',
  'mobilenet-v2',
] as const;

/**
 * The Compare view (a top-level view beside the designer and the training workspace): any number of runs and
 * presets side by side — accuracy against size (runs at their measured accuracy, presets at their paper's),
 * the numbers, the runs' curves overlaid, and the structures with their stages aligned; exportable as one PNG
 * for slides.
 */
export function CompareWorkspace() {
  const { runs, runIds, presetIds } = useRuns(
    useShallow((s) => ({ runs: s.runs, runIds: s.compareRuns, presetIds: s.comparePresets })),
  );
  useEffect(() => {
    void refreshRuns();
  }, []);
  const version = runIds.map((id) => runs.find((r) => r.runId === id)?.status ?? '').join(',');
  const { entries, loading } = useCompareEntries(runIds, presetIds, version);
  const theme = useResolvedTheme();
  const titleId = useId();
  const hasRuns = useMemo(() => entries.some((e) => e.metrics !== null), [entries]);
  const exportPng = async () => {
    const blob = await comparisonPng(entries, PALETTES[theme]);
    if (blob === null)
      toast.error('The comparison could not be turned into an image.', 'CHART_EXPORT_FAILED');
    else downloadBlob(blob, 'comparison.png');
  };
  return (
    <section className="compare-workspace" aria-labelledby={titleId}>
      <aside className="compare-picker" aria-label="What to compare">
        <fieldset>
          <legend>Presets</legend>
          <button
            type="button"
            className="small-button"
            onClick={() => {
              for (const id of CLASSIC_LINEUP) toggleComparePreset(id, true);
            }}
          >
            ImageNet classics
          </button>{' '}
          <button
            type="button"
            className="small-button"
            onClick={() => {
              for (const id of EFFICIENT_LINEUP) toggleComparePreset(id, true);
            }}
          >
            Efficient networks
          </button>
          <ul className="pick-list">
            {presetList().map((p) => (
              <li key={p.id}>
                <label
                  className="toggle"
                  title={p.published.map((r) => `${publishedText(r)}: ${r.source}`).join('\n')}
                >
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
        <fieldset>
          <legend>Runs</legend>
          {runs.length === 0 ? <p className="muted small">No runs yet.</p> : null}
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
      </aside>
      <div className="compare-main">
        <header className="compare-head">
          <h2 id={titleId}>Compare runs and networks</h2>
          <div className="button-row">
            <button
              type="button"
              onClick={() => window.print()}
              disabled={entries.length === 0}
              title="Print the comparison (only the comparison is printed)"
            >
              Print…
            </button>
            <button
              type="button"
              onClick={() => void exportPng()}
              disabled={entries.length === 0}
              data-testid="compare-export"
            >
              Export as PNG
            </button>
          </div>
        </header>
        {loading ? <p className="muted">Loading runs…</p> : null}
        {entries.length === 0 && !loading ? (
          <p className="panel-empty" role="status">
            Pick runs or presets on the left: any number, side by side.
          </p>
        ) : null}
        {entries.length > 0 ? (
          <>
            <section className="compare-section" aria-label="Accuracy against size">
              <h3>Accuracy against size</h3>
              <p className="muted small">
                Runs (●) at their measured test accuracy; presets (◆) at one model’s result as their paper
                reports it (never a competition ensemble), top-1 where given (◇ top-5 where only that is
                given). ImageNet and MNIST figures are not comparable with each other.
              </p>
              <div className="scatters">
                <Scatter entries={entries} by="params" />
                <Scatter entries={entries} by="macs" />
              </div>
            </section>
            <section className="compare-section" aria-label="Numbers">
              <h3>Numbers</h3>
              <CompareTable entries={entries} />
            </section>
            {hasRuns ? (
              <section className="compare-section" aria-label="Curves">
                <h3>Curves</h3>
                <OverlaidCurves entries={entries} />
              </section>
            ) : null}
            <section className="compare-section" aria-label="Structure">
              <h3>Structure, stages aligned</h3>
              <Structure entries={entries} />
            </section>
          </>
        ) : null}
      </div>
    </section>
  );
}
