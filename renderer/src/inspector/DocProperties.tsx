import { applyEdit } from '../store/applyEdit';
import { sealHistory, useEditor } from '../store/editor';
import { coalesce } from '../store/history';
import { useAnalysis } from '../store/analysis';

/** Shown when nothing is selected: the network's own name and description (what presets teach with). */
export function DocProperties() {
  const name = useEditor((s) => s.doc.name);
  const description = useEditor((s) => s.doc.description);
  const year = useEditor((s) => s.doc.meta?.year);
  const nodeCount = useAnalysis((s) => s.model.order.length);
  const setName = (value: string) =>
    applyEdit(
      'Rename network',
      (doc) => (value.length === 0 ? doc : { ...doc, name: value }),
      coalesce('doc-name'),
    );
  const setDescription = (value: string) =>
    applyEdit('Edit description', (doc) => ({ ...doc, description: value }), coalesce('doc-description'));
  return (
    <div className="inspector-section">
      <h2 className="inspector-title">Network</h2>
      <div className="field">
        <label htmlFor="doc-name" className="field-label">
          Name
        </label>
        <input
          id="doc-name"
          type="text"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={sealHistory}
        />
      </div>
      <div className="field">
        <label htmlFor="doc-description" className="field-label">
          Description
        </label>
        <textarea
          id="doc-description"
          rows={5}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          onBlur={sealHistory}
        />
      </div>
      <p className="muted small">
        {year !== undefined ? `${year} · ` : ''}
        {nodeCount} analysed layers. Select a node to edit its parameters.
      </p>
    </div>
  );
}
