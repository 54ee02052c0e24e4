import { useMemo } from 'react';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/editor';
import { goToNode } from './goToNode';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Every diagnostic of the model, errors first; a row selects the node at fault. */
export function ProblemsPanel() {
  const diagnostics = useAnalysis((s) => s.model.diagnostics);
  const nodes = useEditor((s) => s.doc.nodes);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  const sorted = useMemo(
    () => [...diagnostics].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]),
    [diagnostics],
  );
  if (sorted.length === 0) {
    return (
      <p className="panel-empty" role="status">
        No problems: every shape checks out.
      </p>
    );
  }
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((d, i) => {
        const name = d.nodeId !== null ? names.get(d.nodeId) : undefined;
        return (
          <li key={`${d.code}-${d.nodeId ?? ''}-${i}`} className={`problem-row problem-${d.severity}`}>
            <button
              type="button"
              className="problem-button"
              onClick={() => d.nodeId !== null && goToNode(d.nodeId, d.partId)}
              disabled={d.nodeId === null || name === undefined}
            >
              <span className={`severity-dot severity-${d.severity}`} aria-label={d.severity} />
              <span className="problem-node">{name ?? 'Model'}</span>
              <span className="problem-message">{d.message}</span>
              {d.formula !== undefined ? <code className="problem-formula">{d.formula}</code> : null}
              {d.fix !== undefined ? <span className="problem-fix">Fix: {d.fix}</span> : null}
              <span className="problem-code">{d.code}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function ProblemsBadge() {
  const counts = useAnalysis((s) => {
    let errors = 0;
    for (const d of s.model.diagnostics) if (d.severity === 'error') errors += 1;
    return `${errors}/${s.model.diagnostics.length}`;
  });
  const [errors, total] = counts.split('/').map(Number);
  if (total === 0 || total === undefined) return null;
  return (
    <span
      className={`tab-badge${errors !== undefined && errors > 0 ? ' tab-badge-error' : ''}`}
      aria-label={`${total} problems`}
    >
      {total}
    </span>
  );
}
