import { useMemo } from 'react';
import { getPreset, presets } from '../../model/teaching';
import { factsOf, historySteps, publishedText, type ArchitectureFacts } from '../../model/teaching';
import { openPreset } from '../../commands/file';
import { formatCompact, formatInt } from '../../model/format';
import { openCompare, setComparePresets } from '../../runs/store';
import { LessonHead } from '../fields';
import { openPresetForPrediction } from '../predict/store';
import { closeLesson } from '../store';

/**
 * `?lesson=architectures`: the milestones from LeNet-5 to ResNet as a timeline. Depth, parameters and
 * multiply-adds are the analysis of each preset (computed here, once); the published results come with their
 * source. Each links to the network in the designer, to predict mode on it, and to the side-by-side comparison.
 */
let cached: readonly ArchitectureFacts[] | null = null;

function allFacts(): readonly ArchitectureFacts[] {
  cached ??= historySteps().flatMap((step) => {
    const preset = getPreset(step.presetId);
    return preset === undefined ? [] : [factsOf(preset, step)];
  });
  return cached;
}

/** The Compare view with exactly these presets (any runs picked before stay). */
function compareAll(ids: readonly string[]): void {
  setComparePresets(ids);
  closeLesson();
  openCompare();
}

function openInDesigner(id: string): void {
  if (openPreset(id)) closeLesson();
}

export function ArchitecturesLesson() {
  const facts = useMemo(() => allFacts(), []);
  const maxParams = Math.max(...facts.map((f) => f.params), 1);
  const maxMacs = Math.max(...facts.map((f) => f.macs), 1);
  const ids = facts.map((f) => f.preset.id);
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Architecture history">
        Five networks, each answering a limit of the one before: how to learn features at all, how to go deep
        on GPUs, how small a filter can be, how to be wide without the cost, and how to train a hundred
        layers. Depth, parameters and multiply-adds are computed by Stride from the presets; the results are
        as published.
      </LessonHead>
      <div className="button-row history-actions">
        <button
          type="button"
          className="primary"
          onClick={() => compareAll(ids)}
          data-testid="history-compare"
        >
          Compare all {ids.length} side by side
        </button>
      </div>
      <ol className="history" data-testid="history">
        {facts.map((f) => (
          <HistoryCard key={f.preset.id} f={f} maxParams={maxParams} maxMacs={maxMacs} />
        ))}
      </ol>
    </article>
  );
}

/** Bar length on a log scale, so LeNet-5's 60 k and VGG-16's 138 M both show. */
const logShare = (v: number, max: number) => (v <= 1 ? 0 : Math.max(0.04, Math.log10(v) / Math.log10(max)));

function HistoryCard({
  f,
  maxParams,
  maxMacs,
}: {
  f: ArchitectureFacts;
  maxParams: number;
  maxMacs: number;
}) {
  const { preset, step } = f;
  const main = f.published[0];
  const variants = (step.variants ?? []).flatMap((id) => {
    const p = presets.find((x) => x.id === id);
    return p === undefined ? [] : [p];
  });
  return (
    <li className="history-card" data-preset={preset.id}>
      <div className="history-year" aria-label={`Year ${preset.year}`}>
        {preset.year}
      </div>
      <div className="history-body">
        <h4>
          {preset.name} <span className="history-idea">{step.idea}</span>
        </h4>
        {step.introduced.length > 0 ? (
          <ul className="history-ideas">
            {step.introduced.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        ) : null}
        <dl className="history-facts">
          <div>
            <dt>Depth</dt>
            <dd data-testid={`depth-${preset.id}`}>{f.depth} weight layers</dd>
          </div>
          <div>
            <dt>Parameters</dt>
            <dd title={formatInt(f.params)} data-testid={`params-${preset.id}`}>
              {formatCompact(f.params)}
              <span className="history-bar" style={{ width: `${logShare(f.params, maxParams) * 100}%` }} />
            </dd>
          </div>
          <div>
            <dt>Multiply-adds</dt>
            <dd title={formatInt(f.macs)}>
              {formatCompact(f.macs)}
              <span
                className="history-bar is-macs"
                style={{ width: `${logShare(f.macs, maxMacs) * 100}%` }}
              />
            </dd>
          </div>
          <div>
            <dt>Published</dt>
            <dd data-testid={`published-${preset.id}`} title={main?.source}>
              {main === undefined ? '—' : publishedText(main)}
            </dd>
          </div>
        </dl>
        {f.published.length > 0 ? (
          <details className="history-sources">
            <summary>Results and sources</summary>
            <ul>
              {f.published.map((r) => (
                <li key={r.source + r.value}>
                  <strong>{publishedText(r)}</strong> — {r.source}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {variants.length > 0 ? (
          <p className="muted small">
            Also:{' '}
            {variants.map((v, i) => (
              <span key={v.id}>
                <button type="button" className="link-button" onClick={() => openInDesigner(v.id)}>
                  {v.name}
                </button>
                {v.published[0] !== undefined ? ` (${publishedText(v.published[0])})` : ''}
                {i < variants.length - 1 ? ', ' : ''}
              </span>
            ))}
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" onClick={() => openInDesigner(preset.id)}>
            Open in designer
          </button>
          <button type="button" onClick={() => openPresetForPrediction(preset.id)}>
            Predict its layers
          </button>
        </div>
      </div>
    </li>
  );
}
