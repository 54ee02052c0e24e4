import { useShallow } from 'zustand/react/shallow';
import { kindDef } from '../model/core';
import { scopeNodes } from '../model/scope';
import { enterScope, useEditor } from '../store/editor';

/** Where the canvas is: the model, or a block opened inside it. Each crumb goes back to that level. */
export function Breadcrumb() {
  const crumbs = useEditor(
    useShallow((s) =>
      scopeNodes(s.doc, s.scope).map(
        (n) => `${n.id}\u0000${n.name}\u0000${kindDef(n.kind)?.label ?? n.kind}`,
      ),
    ),
  );
  const docName = useEditor((s) => s.doc.name);
  if (crumbs.length === 0) return null;
  const scope = crumbs.map((c) => c.split('\u0000')[0] ?? '');
  return (
    <nav className="breadcrumb" aria-label="Block path">
      <button type="button" className="crumb" onClick={() => enterScope([])}>
        {docName}
      </button>
      {crumbs.map((crumb, i) => {
        const [, name, label] = crumb.split('\u0000');
        const last = i === crumbs.length - 1;
        return (
          <span key={crumb} className="crumb-item">
            <span className="crumb-sep" aria-hidden="true">
              ›
            </span>
            {last ? (
              <span className="crumb current" aria-current="location">
                {name} <span className="crumb-kind">({label})</span>
              </span>
            ) : (
              <button type="button" className="crumb" onClick={() => enterScope(scope.slice(0, i + 1))}>
                {name}
              </button>
            )}
          </span>
        );
      })}
      <button
        type="button"
        className="small-button crumb-back"
        onClick={() => enterScope(scope.slice(0, -1))}
        aria-label="Back to the enclosing graph"
      >
        ↑ Back
      </button>
    </nav>
  );
}
