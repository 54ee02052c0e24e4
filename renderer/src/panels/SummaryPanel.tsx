import { useMemo } from 'react';
import { kindDef } from '../model/core';
import { formatInt, formatKerasShape } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/editor';
import { goToNode } from './goToNode';

const NONE: readonly string[] = [];

/** The Keras-style `model.summary()` table, one row per layer in topological order; a row selects its node. */
export function SummaryPanel() {
  const model = useAnalysis((s) => s.model);
  const nodes = useEditor((s) => s.doc.nodes);
  const selected = useEditor((s) => (s.scope.length === 0 ? s.selectedNodes : NONE));
  const rows = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return model.order.flatMap((id) => {
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
          severity: a.diagnostics.some((d) => d.severity === 'error') ? 'error' : null,
        },
      ];
    });
  }, [model, nodes]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const t = model.totals;
  return (
    <div className="summary">
      <table className="summary-table" aria-label="Model summary">
        <thead>
          <tr>
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
          {rows.map((r) => (
            <tr
              key={r.id}
              className={`${selectedSet.has(r.id) ? 'is-selected' : ''}${r.severity !== null ? ' has-error' : ''}`}
              aria-selected={selectedSet.has(r.id)}
            >
              <td>
                <button type="button" className="link-button" onClick={() => goToNode(r.id)}>
                  {r.name} ({r.type})
                </button>
              </td>
              <td className="mono">{r.shape}</td>
              <td className="num mono">{formatInt(r.params)}</td>
              <td className="num mono">{formatInt(r.macs)}</td>
            </tr>
          ))}
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
