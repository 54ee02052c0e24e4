import { useState } from 'react';
import type { Evaluation } from '../../../shared/api/runs';
import type { TrainingConfig } from '../../../shared/api/training';
import { call } from '../backend/api';
import { plural } from '../model/format';
import { useEditor } from '../store/editor';
import { formatPercent } from './progress';

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly evaluation: Evaluation }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/**
 * For a network imported with its weights: score them on the chosen dataset's test split without training
 * (models.evaluate) — accuracy, loss, the confusion matrix and the first predictions.
 */
export function EvaluateImport({ config }: { config: TrainingConfig | null }) {
  const importId = useEditor((s) => s.doc.meta?.importId);
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (importId === undefined) return null;
  const evaluate = async () => {
    if (config === null) return;
    setState({ kind: 'busy' });
    const result = await call((api) =>
      api.models.evaluate({
        source: { kind: 'import', importId },
        dataset: config.dataset,
        seed: config.seed,
        normalize: config.normalize,
        ...(config.transform === undefined ? {} : { transform: config.transform }),
      }),
    );
    setState(
      result.ok
        ? { kind: 'done', evaluation: result.value }
        : { kind: 'error', code: result.error.code, message: result.error.message },
    );
  };
  return (
    <section className="evaluate-import" aria-label="Evaluate the imported weights">
      <button
        type="button"
        disabled={config === null || state.kind === 'busy'}
        onClick={() => void evaluate()}
        data-testid="evaluate-import"
      >
        {state.kind === 'busy' ? 'Evaluating…' : 'Evaluate the imported weights (no training)'}
      </button>
      {state.kind === 'error' ? (
        <p role="alert">
          {state.message} <code>{state.code}</code>
        </p>
      ) : null}
      {state.kind === 'done' ? <EvaluationTable evaluation={state.evaluation} /> : null}
    </section>
  );
}

function EvaluationTable({ evaluation }: { evaluation: Evaluation }) {
  const names = evaluation.classNames;
  return (
    <div data-testid="import-evaluation">
      <p>
        Test accuracy <strong>{formatPercent(evaluation.testAccuracy)}</strong> on{' '}
        {plural(evaluation.testSize, 'image')} (loss {evaluation.testLoss.toFixed(4)}).
      </p>
      <table className="confusion-table" aria-label="Confusion matrix of the imported weights">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">True class</span>
            </th>
            {names.map((n) => (
              <th key={n} scope="col">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {evaluation.confusion.map((row, t) => (
            <tr key={names[t] ?? t}>
              <th scope="row">{names[t] ?? t}</th>
              {row.map((count, p) => (
                <td key={p} className={t === p ? 'hit' : count > 0 ? 'miss' : ''}>
                  {count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        First predictions:{' '}
        {evaluation.predicted
          .slice(0, 12)
          .map((p, i) => `${names[evaluation.labels[i] ?? 0] ?? '?'}→${names[p] ?? p}`)
          .join(', ')}
      </p>
    </div>
  );
}
