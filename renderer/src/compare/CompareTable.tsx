import { formatBytes, formatCompact, formatInt } from '../model/format';
import { formatCount, formatDuration, formatPercent } from '../training/progress';
import { optimizerLabel } from '../training/TrainSettings';
import { publishedText } from '../model/core';
import { bestAccuracy, type CompareEntry } from './entries';
import { Swatch } from './Swatch';

/**
 * The numbers side by side. Params, MACs (per image), depth (weight layers on the longest path) and activation
 * memory (per image, float32) come from the analysis of each graph; time, speed and accuracy from the run.
 */
export function CompareTable({ entries }: { entries: readonly CompareEntry[] }) {
  const best = Math.max(-1, ...entries.map((e) => bestAccuracy(e) ?? -1));
  return (
    <table className="summary-table compare-table" aria-label="Comparison" data-testid="compare-table">
      <thead>
        <tr>
          <th scope="col">Network / run</th>
          <th scope="col">Optimizer</th>
          <th scope="col" className="num">
            Params
          </th>
          <th scope="col" className="num">
            MACs
          </th>
          <th scope="col" className="num">
            Depth
          </th>
          <th scope="col" className="num">
            Activations / image
          </th>
          <th scope="col" className="num">
            Train time
          </th>
          <th scope="col" className="num">
            img/s
          </th>
          <th scope="col" className="num">
            Best val. acc.
          </th>
          <th scope="col" className="num">
            Test acc.
          </th>
          <th scope="col">Published</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => {
          const t = e.analysis.totals;
          const d = e.detail;
          const acc = bestAccuracy(e);
          return (
            <tr key={e.key} data-entry={e.key}>
              <th scope="row">
                <Swatch index={i} /> {e.name}
                {e.kind === 'preset' ? <span className="muted small"> (preset)</span> : null}
              </th>
              <td>
                {d === null
                  ? '—'
                  : `${optimizerLabel(d.config.optimizer)}${d.learningRate !== null ? ` (${d.learningRate})` : ''}`}
              </td>
              <td className="num" title={formatInt(t.params)}>
                {formatInt(t.params)}
              </td>
              <td className="num" title={formatInt(t.macs)}>
                {formatCompact(t.macs)}
              </td>
              <td className="num">{t.depth}</td>
              <td className="num">{formatBytes(t.activationBytes)}</td>
              <td className="num">{d === null ? '—' : formatDuration(d.timings.seconds)}</td>
              <td className="num">{d === null ? '—' : formatCount(d.timings.imagesPerSecond)}</td>
              <td
                className={`num${acc !== null && acc === best && d?.result.testAccuracy === null ? ' is-best' : ''}`}
              >
                {d === null ? '—' : formatPercent(d.result.bestValAccuracy)}
              </td>
              <td
                className={`num${acc !== null && acc === best && d?.result.testAccuracy !== null ? ' is-best' : ''}`}
              >
                {d === null ? '—' : formatPercent(d.result.testAccuracy)}
              </td>
              <td className="compare-published" data-testid="published">
                {e.published.length === 0
                  ? '—'
                  : e.published.map((r, i) => (
                      <span key={i} title={r.source} className="published-figure">
                        {publishedText(r)}
                      </span>
                    ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
