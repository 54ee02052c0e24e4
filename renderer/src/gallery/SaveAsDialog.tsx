import { useEffect, useState } from 'react';
import { call } from '../backend/api';
import { downloadDocument, saveDocument } from '../commands/file';
import { Overlay } from '../app/Overlay';
import { useEditor } from '../store/editor';
import { closeDialog, useSession } from '../store/session';

const fileName = (name: string) =>
  `${name
    .trim()
    .replace(/[^A-Za-z0-9_. -]/g, '_')
    .replace(/\.stride\.json$/, '')}.stride.json`;

/** Browser mode's Save As: a name in the host's project folder (the host has no dialog to show us). */
export function SaveAsDialog() {
  const open = useSession((s) => s.dialog?.kind === 'saveAs');
  if (!open) return null;
  return <SaveAsForm />;
}

function SaveAsForm() {
  const docName = useEditor((s) => s.doc.name);
  const [name, setName] = useState(docName);
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call((api) => api.project.list({})).then((r) => {
      if (r.ok) setFolder(r.value.folder);
      else setError(r.error.message);
    });
  }, []);
  const sep = folder?.includes('\\') === true && !folder.includes('/') ? '\\' : '/';
  const valid = name.trim().length > 0 && folder !== null;
  return (
    <Overlay title="Save network" onClose={closeDialog} size="small">
      <form
        className="save-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void saveDocument({ path: `${folder.replace(/[\\/]$/, '')}${sep}${fileName(name)}` });
        }}
      >
        <div className="field">
          <label htmlFor="save-name" className="field-label">
            File name
          </label>
          <input
            id="save-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
          <div className="field-help mono">
            {folder !== null ? `${folder}${sep}${fileName(name)}` : (error ?? 'Finding the project folder…')}
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={!valid}>
            Save
          </button>
          <button type="button" onClick={downloadDocument}>
            Download instead
          </button>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
        </div>
      </form>
    </Overlay>
  );
}
