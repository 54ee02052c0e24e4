import { useCallback } from 'react';
import type { GraphNode } from '../../../shared/graph/schema';
import { BLOCK_INPUT_ID, kindDef, renameNode, setParams, setTrainable } from '../model/core';
import { formatShape } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { sealHistory, useEditor } from '../store/editor';
import { coalesce, IMMEDIATE } from '../store/history';
import { commandTitle, runCommand } from '../shortcuts/commands';
import { DocProperties } from './DocProperties';
import { NodeFacts } from './NodeFacts';
import { ParamInput } from './ParamInput';
import './inspector.css';

/** The right pane: the selected node's parameters, validated as you type, with its analysis below. */
export function Inspector() {
  const selectedCount = useEditor((s) => s.selectedNodes.length);
  const inBlock = useEditor((s) => s.scope.length > 0);
  const selectedId = useEditor((s) => (s.selectedNodes.length === 1 ? s.selectedNodes[0] : undefined));
  const node = useAnalysis((s) =>
    selectedId === undefined ? null : (s.viewDoc.nodes.find((n) => n.id === selectedId) ?? null),
  );
  return (
    <aside className="inspector" aria-label="Inspector">
      <div className="pane-header">Inspector</div>
      <div className="inspector-body">
        {node !== null && inBlock && node.id === BLOCK_INPUT_ID ? (
          <BlockInputInfo />
        ) : node !== null ? (
          <NodeInspector key={node.id} node={node} />
        ) : selectedCount > 1 ? (
          <MultiSelection count={selectedCount} />
        ) : (
          <DocProperties />
        )}
      </div>
    </aside>
  );
}

/** Inside an opened block, the synthetic input node stands for what feeds the block: not editable here. */
function BlockInputInfo() {
  const input = useAnalysis((s) => s.levels.at(-1)?.input ?? null);
  return (
    <div className="inspector-section">
      <h2 className="inspector-title">Block input</h2>
      <p>
        The tensor entering this block: <span className="mono">{formatShape(input)}</span>.
      </p>
      <p className="muted small">
        It comes from the enclosing graph; wire it to the first layer of each branch.
      </p>
    </div>
  );
}

function MultiSelection({ count }: { count: number }) {
  return (
    <div className="inspector-section">
      <p>{count} nodes selected.</p>
      <div className="button-row">
        <button type="button" onClick={() => runCommand('edit.group')} title={commandTitle('edit.group')}>
          Group into block
        </button>
        <button
          type="button"
          onClick={() => runCommand('edit.duplicate')}
          title={commandTitle('edit.duplicate')}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => runCommand('edit.delete')}
          title={commandTitle('edit.delete')}
        >
          Delete
        </button>
      </div>
    </div>
  );
}

function rename(id: string, name: string, live: boolean) {
  applyEdit('Rename', (doc) => renameNode(doc, id, name), live ? coalesce(`rename:${id}`) : IMMEDIATE);
}

function NodeInspector({ node }: { node: GraphNode }) {
  const def = kindDef(node.kind);
  const params = node.params;
  const validate = useCallback(
    (key: string) => (value: unknown) => {
      if (def === undefined) return [];
      const result = def.params.safeParse({ ...def.defaults, ...params, [key]: value });
      return result.success ? [] : result.error.issues;
    },
    [def, params],
  );
  if (def === undefined) {
    return (
      <div className="inspector-section">
        <h2 className="inspector-title">Unknown layer “{node.kind}”</h2>
        <p className="muted">This file names a kind this version of Stride does not know.</p>
      </div>
    );
  }
  const commit = (key: string) => (value: unknown, opts: { live: boolean }) =>
    applyEdit(
      `Set ${def.label} ${key}`,
      // The kind's schema accepted `value` (ParamInput validates before committing), so it is a param value.
      (doc) => setParams(doc, node.id, { [key]: value as GraphNode['params'][string] }),
      opts.live ? coalesce(`param:${node.id}:${key}`) : IMMEDIATE,
    );
  return (
    <>
      <div className="inspector-section">
        <h2 className="inspector-title">
          <span className={`kind-chip cat-${def.category}`}>{def.label}</span>
        </h2>
        <p className="inspector-description">{def.description}</p>
        <div className="field">
          <label htmlFor={`name-${node.id}`} className="field-label">
            Name
          </label>
          <input
            id={`name-${node.id}`}
            type="text"
            value={node.name}
            spellCheck={false}
            onChange={(e) => rename(node.id, e.target.value, true)}
            onBlur={sealHistory}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        </div>
        {node.kind === 'input' ? null : (
          <label
            className="field checkbox-field"
            title="Frozen layers keep their weights while training (fine-tuning)"
          >
            <input
              type="checkbox"
              checked={node.trainable !== false}
              onChange={(e) => {
                const trainable = e.target.checked;
                applyEdit(
                  trainable ? `Unfreeze ${node.name}` : `Freeze ${node.name}`,
                  (doc) => setTrainable(doc, node.id, trainable),
                  IMMEDIATE,
                );
              }}
            />{' '}
            Trainable
          </label>
        )}
      </div>
      {def.fields.length > 0 ? (
        <form
          className="inspector-section"
          aria-label={`${def.label} parameters`}
          onSubmit={(e) => e.preventDefault()}
        >
          <h3 className="section-title">Parameters</h3>
          {def.fields.map((field) => (
            <ParamInput
              key={field.key}
              field={field}
              value={params[field.key] ?? (def.defaults as Record<string, unknown>)[field.key]}
              validate={validate(field.key)}
              onCommit={commit(field.key)}
              onDone={sealHistory}
            />
          ))}
        </form>
      ) : null}
      <NodeFacts node={node} />
    </>
  );
}
