import { useState } from 'react';
import type { FiltersWhich, RunDetail } from '../../../shared/api/runs';
import { FiltersView } from './FiltersView';
import { useResult } from './useResult';

const CHOICES = [
  ['initial', 'Before training'],
  ['final', 'After training'],
] as const;

/**
 * The run view's Filters tab: the first convolution's filters before training (as initialised, kept when the
 * run started) or after it, as seed 000 shows them. While a run trains only "before" exists.
 */
export function RunFilters({
  detail,
  finished,
  imageIndex,
}: {
  detail: RunDetail;
  finished: boolean;
  imageIndex: number;
}) {
  const runId = detail.runId;
  const [choice, setChoice] = useState<FiltersWhich | null>(null);
  const which: FiltersWhich = choice ?? (finished ? 'final' : 'initial');
  const canLoad = which === 'initial' || finished;
  const filters = useResult(canLoad ? `${runId}:filters:${which}` : null, (api) =>
    api.runs.filters({ runId, which }),
  );
  const channels = Math.min(64, filters.value?.filters.length ?? 0);
  // Each trained filter over what it makes of one test image (the saved model's first feature maps); the
  // initial filters have no such model, so they are shown alone.
  const maps = useResult(
    which === 'final' && detail.hasModel && channels > 0
      ? `${runId}:${imageIndex}:${channels}:responses`
      : null,
    (api) => api.runs.featureMaps({ runId, imageIndex, maxChannels: channels }),
  );
  const body = !canLoad ? (
    <p className="muted">The learned filters appear when the run ends.</p>
  ) : filters.loading ? (
    <p className="muted">Loading filters…</p>
  ) : filters.error !== null ? (
    <p className="muted">{filters.error.message}</p>
  ) : filters.value === null ? null : (
    <FiltersView
      filters={filters.value}
      which={which}
      responses={which === 'final' ? maps.value : null}
      classNames={detail.classNames}
    />
  );
  return (
    <>
      <div className="filters-which" role="group" aria-label="Filters before or after training">
        {CHOICES.map(([value, label]) => (
          <button key={value} type="button" aria-pressed={which === value} onClick={() => setChoice(value)}>
            {label}
          </button>
        ))}
      </div>
      {body}
    </>
  );
}
