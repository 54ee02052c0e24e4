import { useId, useMemo, useState } from 'react';
import { formatCompact, formatShape } from '../model/format';
import { entryLabel, type CompareEntry } from './entries';
import { alignStages, stagesOf, type Stage } from './stages';
import { Swatch } from './Swatch';

/**
 * Two graphs side by side with their stages aligned: row k holds what each network does after k downsamplings
 * (same row, comparable resolution), the classifier heads last. Each stage lists its layers with their output
 * shapes, and its parameter and MAC totals.
 */
export function Structure({ entries }: { entries: readonly CompareEntry[] }) {
  const leftId = useId();
  const rightId = useId();
  const [picked, setPicked] = useState<[string | null, string | null]>([null, null]);
  const keys = entries.map((e) => e.key);
  const left = entries.find((e) => e.key === picked[0]) ?? entries[0];
  const right = entries.find((e) => e.key === picked[1]) ?? entries.find((e) => e !== left) ?? left;
  const rows = useMemo(
    () =>
      left === undefined || right === undefined
        ? []
        : alignStages(stagesOf(left.graph, left.analysis), stagesOf(right.graph, right.analysis)),
    [left, right],
  );
  if (left === undefined || right === undefined) return <p className="muted">Pick two networks or runs.</p>;
  const indexOf = (e: CompareEntry) => keys.indexOf(e.key);
  const chooser = (id: string, side: 0 | 1, value: CompareEntry) => (
    <select
      id={id}
      value={value.key}
      onChange={(ev) => setPicked((p) => (side === 0 ? [ev.target.value, p[1]] : [p[0], ev.target.value]))}
    >
      {entries.map((e) => (
        <option key={e.key} value={e.key}>
          {entryLabel(e)}
        </option>
      ))}
    </select>
  );
  return (
    <div className="structure">
      <table
        className="structure-table"
        aria-label="Structures side by side, stages aligned"
        data-testid="compare-structure"
      >
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">
              <label htmlFor={leftId}>
                <Swatch index={indexOf(left)} /> Left
              </label>{' '}
              {chooser(leftId, 0, left)}
            </th>
            <th scope="col">
              <label htmlFor={rightId}>
                <Swatch index={indexOf(right)} /> Right
              </label>{' '}
              {chooser(rightId, 1, right)}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>
                <StageCell stage={row.left} />
              </td>
              <td>
                <StageCell stage={row.right} />
              </td>
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
