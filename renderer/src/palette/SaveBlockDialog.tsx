import { useState } from 'react';
import { Modal } from '../app/Modal';
import { saveSelectionAsBlock } from '../commands/group';
import { useEditor } from '../store/editor';
import { closeDialog, useSession } from '../store/session';

/** Names the selection before it goes to "My blocks". */
export function SaveBlockDialog() {
  const open = useSession((s) => s.dialog?.kind === 'saveBlock');
  return open ? <SaveBlockForm /> : null;
}

function SaveBlockForm() {
  const count = useEditor((s) => s.selectedNodes.length);
  const [name, setName] = useState('My block');
  return (
    <Modal title="Save selection as a reusable block" onClose={closeDialog}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '' && saveSelectionAsBlock(name.trim())) closeDialog();
        }}
      >
        <div className="field">
          <label htmlFor="block-name" className="field-label">
            Block name
          </label>
          <input
            id="block-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
          <div className="field-help">
            {count} layer{count === 1 ? '' : 's'} and the wires between them; insert it again from the
            palette.
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            Save block
          </button>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
