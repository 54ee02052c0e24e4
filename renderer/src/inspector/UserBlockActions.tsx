import { useState } from 'react';
import type { GraphNode } from '../../../shared/graph/schema';
import { renameLibraryBlock, ungroupSelection } from '../commands/group';
import { blockOfNode, blockUses } from '../model/core';
import { enterScope, sealHistory, useEditor } from '../store/editor';

/**
 * A user block's definition, as the inspector shows it: the library entry's name (renaming it renames every
 * use), how many nodes share it, and the ways in (open) and out (ungroup).
 */
export function UserBlockActions({ node }: { node: GraphNode }) {
  const blockId = typeof node.params.blockId === 'string' ? node.params.blockId : '';
  const entry = useEditor((s) => blockOfNode(s.doc.blocks, node));
  const uses = useEditor((s) => (entry === undefined ? 0 : blockUses(s.doc, blockId)));
  const open = () => enterScope([...useEditor.getState().scope, node.id]);
  if (entry === undefined) {
    return (
      <div className="inspector-section">
        <h3 className="section-title">Block definition</h3>
        <p className="muted small">
          The library has no block “{blockId}”: this node has no layers. Delete it, or place a block from My
          blocks.
        </p>
      </div>
    );
  }
  const n = entry.body.nodes.length;
  return (
    <div className="inspector-section">
      <h3 className="section-title">Block definition</h3>
      <BlockNameField key={blockId} id={`block-name-${node.id}`} blockId={blockId} name={entry.name} />
      <p className="muted small" data-testid="block-uses">
        {n} layer{n === 1 ? '' : 's'};{' '}
        {uses === 1
          ? 'used once in this network.'
          : `used ${uses} times in this network: editing its layers changes every use.`}
      </p>
      <div className="button-row">
        <button type="button" onClick={open}>
          Open block
        </button>
        <button type="button" onClick={() => ungroupSelection()}>
          Ungroup
        </button>
      </div>
    </div>
  );
}

/**
 * The library entry's name, applied as you type (one undo step per focus). A name cannot be empty, so while
 * the field is cleared to type a new one the draft is shown and the old name kept; leaving it empty restores it.
 */
function BlockNameField({ id, blockId, name }: { id: string; blockId: string; name: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        Block name
      </label>
      <input
        id={id}
        type="text"
        value={draft ?? name}
        spellCheck={false}
        onChange={(e) => {
          const value = e.target.value;
          setDraft(value.trim() === '' ? value : null);
          if (value.trim() !== '') renameLibraryBlock(blockId, value, true);
        }}
        onBlur={() => {
          setDraft(null);
          sealHistory();
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
      />
    </div>
  );
}
