import { useShallow } from 'zustand/react/shallow';
import { blockOfNode, blockUses, kindDef } from '../model/core';
import { scopeNodes } from '../model/scope';
import { enterScope, useEditor } from '../store/editor';

/**
 * Where the canvas is: the model, or a block opened inside it. Each crumb goes back to that level. Inside a
 * user block the canvas edits its library definition, so the crumb names it and says when it is shared.
 */
export function Breadcrumb() {
  const crumbs = useEditor(
    useShallow((s) =>
      scopeNodes(s.doc, s.scope).map((n) => {
        const entry = blockOfNode(s.doc.blocks, n);
        const label = entry === undefined ? (kindDef(n.kind)?.label ?? n.kind) : `Block ${entry.name}`;
        return `${n.id}\u0000${n.name}\u0000${label}`;
      }),
    ),
  );
  const shared = useEditor((s) => {
    const inner = scopeNodes(s.doc, s.scope).at(-1);
    const id = inner?.params.blockId;
    return inner !== undefined && blockOfNode(s.doc.blocks, inner) !== undefined && typeof id === 'string'
      ? blockUses(s.doc, id)
      : 0;
  });
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
      {shared > 1 ? (
        <span className="crumb-note" role="note">
          shared by {shared} uses: edits change them all
        </span>
      ) : null}
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
