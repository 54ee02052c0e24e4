import { memo, useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { kindDef } from '../model/core';
import { formatInt, formatKerasShape } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/editor';
import { goToNode } from './goToNode';

const NONE: readonly string[] = [];
/** Fixed row height (CSS keeps rows to one line), so only the rows in view are rendered: a 500-layer model
 * re-analysed on every keystroke redraws a dozen rows, not 500. */
export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

interface Row {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly shape: string;
  readonly params: number;
  readonly macs: number;
  readonly error: boolean;
}

/**
 * The scrollTop that brings body row `index` fully into view under the sticky header (`header` px tall) of a
 * viewport `height` px tall scrolled to `top`; null when the row is already in view.
 */
export function scrollToShow(index: number, top: number, height: number, header: number): number | null {
  const above = index * ROW_HEIGHT;
  const below = header + (index + 1) * ROW_HEIGHT - height;
  if (above < top) return above;
  if (below > top) return Math.min(above, below);
  return null;
}

/** The Keras-style `model.summary()` table, one row per layer in topological order; a row selects its node. */
export function SummaryPanel() {
  const model = useAnalysis((s) => s.model);
  const nodes = useEditor((s) => s.doc.nodes);
  const selected = useEditor((s) => (s.scope.length === 0 ? s.selectedNodes : NONE));
  const rows = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return model.order.flatMap((id): Row[] => {
      const node = byId.get(id);
      const a = model.nodes.get(id);
      if (node === undefined || a === undefined) return [];
      return [
        {
          id,
          name: node.name,
          type: kindDef(node.kind)?.label ?? node.kind,
          shape: formatKerasShape(a.outputShape),
          params: a.params.total,
          macs: a.macs,
          error: a.diagnostics.some((d) => d.severity === 'error'),
        },
      ];
    });
  }, [model, nodes]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const [window, setWindow] = useState({ top: 0, height: 600 });
  const onScroll = (e: UIEvent<HTMLDivElement>) =>
    setWindow({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight });
  const ref = useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(window.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((window.top + window.height) / ROW_HEIGHT) + OVERSCAN);
  // A selection made elsewhere (the canvas, Problems) scrolls its row into view; only a change of selection
  // does, so an edit never yanks the table back while the user scrolls it.
  const followed = useRef<readonly string[]>(NONE);
  useEffect(() => {
    const el = ref.current;
    if (el === null || followed.current === selected) return;
    followed.current = selected;
    const id = selected.at(-1);
    const index = id === undefined ? -1 : rows.findIndex((r) => r.id === id);
    if (index < 0) return;
    const height = el.clientHeight > 0 ? el.clientHeight : window.height;
    const header = el.querySelector('thead')?.getBoundingClientRect().height || ROW_HEIGHT;
    const top = scrollToShow(index, el.scrollTop, height, header);
    if (top === null) return;
    el.scrollTop = top;
    setWindow({ top, height });
  }, [selected, rows, window.height]);
  const t = model.totals;
  return (
    <div className="summary" ref={ref} onScroll={onScroll}>
      <table className="summary-table" aria-label="Model summary" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Layer (type)</th>
            <th scope="col">Output Shape</th>
            <th scope="col" className="num">
              Param #
            </th>
            <th scope="col" className="num">
              MACs
            </th>
          </tr>
        </thead>
        <tbody>
          {first > 0 ? <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT }} /> : null}
          {rows.slice(first, last).map((r, i) => (
            <SummaryRow key={r.id} row={r} index={first + i + 2} selected={selectedSet.has(r.id)} />
          ))}
          {last < rows.length ? (
            <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_HEIGHT }} />
          ) : null}
        </tbody>
      </table>
      <div className="summary-totals mono">
        <div>Total params: {formatInt(t.params)}</div>
        <div>Trainable params: {formatInt(t.trainableParams)}</div>
        <div>Non-trainable params: {formatInt(t.nonTrainableParams)}</div>
      </div>
    </div>
  );
}

const SummaryRow = memo(function SummaryRow({
  row,
  index,
  selected,
}: {
  row: Row;
  index: number;
  selected: boolean;
}) {
  return (
    <tr
      className={`${selected ? 'is-selected' : ''}${row.error ? ' has-error' : ''}`}
      aria-selected={selected}
      aria-rowindex={index}
    >
      <td>
        <button type="button" className="link-button" onClick={() => goToNode(row.id)}>
          {row.name} ({row.type})
        </button>
      </td>
      <td className="mono">{row.shape}</td>
      <td className="num mono">{formatInt(row.params)}</td>
      <td className="num mono">{formatInt(row.macs)}</td>
    </tr>
  );
});
