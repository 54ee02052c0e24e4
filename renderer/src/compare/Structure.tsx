import { useMemo } from 'react';
import { formatCompact, formatShape } from '../model/format';
import { entryLabel, type CompareEntry } from './entries';
import { alignStages, stagesOf, type Stage } from './stages';
import { Swatch } from './Swatch';

/**
 * Every picked network side by side with their stages aligned: row k holds what each network does after k
 * downsamplings (same row, comparable resolution), the classifier heads last. Each stage lists its layers with
 * their output shapes, and its parameter and MAC totals.
 */
export function Structure({ entries }: { entries: readonly CompareEntry[] }) {
  const rows = useMemo(() => alignStages(entries.map((e) => stagesOf(e.graph, e.analysis))), [entries]);
  if (entries.length === 0) return <p className="muted">Pick networks or runs to compare.</p>;
  return (
    <div className="structure">
      <table
        className="structure-table"
        aria-label="Structures side by side, stages aligned"
        data-testid="compare-structure"
        style={{ minWidth: `${8 + entries.length * 15}rem` }}
      >
        <thead>
          <tr>
            <th scope="col">Stage</th>
            {entries.map((e, i) => (
              <th scope="col" key={e.key}>
                <Swatch index={i} /> {entryLabel(e)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, i) => (
                <td key={entries[i]?.key ?? i}>
                  <StageCell stage={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StageCell({ stage }: { stage: Stage | null }) {
  if (stage === null) return <span className="muted">—</span>;
  return (
    <div className="stage-cell">
      <div className="stage-head">
        <strong>{stage.resolution}</strong>
        <span className="muted small">
          {formatCompact(stage.params)} params · {formatCompact(stage.macs)} MACs
        </span>
      </div>
      <ol className="stage-layers">
        {stage.layers.map((l) => (
          <li key={l.id}>
            <span className="stage-notation">{l.notation}</span>{' '}
            <span className="muted mono">{formatShape(l.outputShape)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
