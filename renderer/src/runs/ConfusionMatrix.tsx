import { useMemo, useState } from 'react';
import type { Evaluation } from '../../../shared/api/runs';
import { plural } from '../model/format';
import { formatPercent } from '../training/progress';
import { TestImagesGrid } from './TestImagesGrid';

/** Test images with this true class and this prediction, in test-split order. */
export function cellIndices(evaluation: Evaluation, trueClass: number, predicted: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < evaluation.labels.length; i += 1)
    if (evaluation.labels[i] === trueClass && evaluation.predicted[i] === predicted) out.push(i);
  return out;
}

/**
 * The confusion matrix of the test split: rows are true classes, columns predictions, shaded by the share of
 * the row. Every cell is a button: it shows those test images (with the model's confidence) below.
 */
export function ConfusionMatrix({ runId, evaluation }: { runId: string; evaluation: Evaluation }) {
  const [cell, setCell] = useState<{ t: number; p: number } | null>(null);
  const names = evaluation.classNames;
  const rowTotals = useMemo(
    () => evaluation.confusion.map((row) => row.reduce((a, b) => a + b, 0)),
    [evaluation],
  );
  const indices = useMemo(
    () => (cell === null ? [] : cellIndices(evaluation, cell.t, cell.p)),
    [evaluation, cell],
  );
  return (
    <div className="confusion">
      <p className="muted">
        Test accuracy {formatPercent(evaluation.testAccuracy)} on {plural(evaluation.testSize, 'image')} (loss{' '}
        {evaluation.testLoss.toFixed(4)}). Rows: true class; columns: predicted. Choose a cell to see its
        images.
      </p>
      <table className="confusion-table" aria-label="Confusion matrix" data-testid="confusion-matrix">
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
              {row.map((count, p) => {
                const share = count / Math.max(1, rowTotals[t] ?? 0);
                const kind = t === p ? 'hit' : 'miss';
                const chosen = cell?.t === t && cell.p === p;
                return (
                  <td key={p}>
                    <button
                      type="button"
                      className={`confusion-cell confusion-${kind}${chosen ? ' is-chosen' : ''}`}
                      style={{ '--share': share.toFixed(3) } as React.CSSProperties}
                      aria-pressed={chosen}
                      aria-label={`True ${names[t] ?? t}, predicted ${names[p] ?? p}: ${plural(count, 'image')}`}
                      disabled={count === 0}
                      onClick={() => setCell({ t, p })}
                    >
                      {count}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {cell !== null ? (
        <section className="confusion-images" aria-label="Images of the chosen cell">
          <h3>
            True {names[cell.t]}, predicted {names[cell.p]}: {plural(indices.length, 'image')}
          </h3>
          <TestImagesGrid runId={runId} indices={indices} evaluation={evaluation} />
        </section>
      ) : null}
    </div>
  );
}
