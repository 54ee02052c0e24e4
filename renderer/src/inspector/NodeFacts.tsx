import type { NodeAnalysis } from '../../../shared/analysis/types';
import type { GraphNode } from '../../../shared/graph/schema';
import { isBlockKind, isGroupKind, setBody } from '../model/core';
import { formatBytes, formatInt, formatShape } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { enterScope, useEditor } from '../store/editor';
import { IMMEDIATE } from '../store/history';
import { ExplainButton } from '../teaching/ExplainButton';
import { useHidden } from '../teaching/predict/store';
import { ShapeMath } from '../teaching/ShapeMath';
import { UserBlockActions } from './UserBlockActions';

/** What the analysis says about the selected node: its problems, shapes and cost, then the teaching view. */
export function NodeFacts({ node }: { node: GraphNode }) {
  const a = useAnalysis((s) => s.view.nodes.get(node.id));
  const hidden = useHidden() && node.kind !== 'input';
  if (a === undefined) {
    return (
      <div className="inspector-section">
        <p className="muted">Not analysed: connect this node to the network's input.</p>
      </div>
    );
  }
  return (
    <>
      {isGroupKind(node.kind) ? (
        <UserBlockActions node={node} />
      ) : isBlockKind(node.kind) ? (
        <BlockActions node={node} />
      ) : null}
      {a.diagnostics.length > 0 ? (
        <div className="inspector-section">
          <h3 className="section-title">Problems</h3>
          <ul className="facts-problems">
            {a.diagnostics.map((d, i) => (
              <li key={`${d.code}-${i}`} className={`problem-${d.severity}`}>
                <div>
                  <span className="problem-code">{d.code}</span> {d.message}
                </div>
                {d.formula !== undefined ? <code className="problem-formula">{d.formula}</code> : null}
                {d.fix !== undefined ? <div className="problem-fix">Fix: {d.fix}</div> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ExplainButton node={node} analysis={a} />
      {hidden ? (
        <div className="inspector-section">
          <h3 className="section-title">Shapes and cost</h3>
          <p className="muted small" role="status">
            Hidden while you predict this layer’s output shape and parameter count (Predict tab).
          </p>
        </div>
      ) : (
        <ShapesAndCost a={a} />
      )}
      {hidden ? null : <ShapeMath analysis={a} />}
    </>
  );
}

function ShapesAndCost({ a }: { a: NodeAnalysis }) {
  return (
    <>
      <div className="inspector-section">
        <h3 className="section-title">Shapes and cost</h3>
        <dl className="facts">
          <dt>Input</dt>
          <dd>{a.inputShapes.length === 0 ? '—' : a.inputShapes.map((s) => formatShape(s)).join(' + ')}</dd>
          <dt>Output</dt>
          <dd data-testid="inspector-output-shape">{formatShape(a.outputShape)}</dd>
          <dt>Parameters</dt>
          <dd>
            {formatInt(a.params.total)}
            {a.params.nonTrainable > 0 ? ` (${formatInt(a.params.nonTrainable)} non-trainable)` : ''}
          </dd>
          <dt>MACs</dt>
          <dd>{formatInt(a.macs)}</dd>
          <dt>Activations</dt>
          <dd>{formatBytes(a.activationBytes)}</dd>
        </dl>
      </div>
    </>
  );
}

function BlockActions({ node }: { node: GraphNode }) {
  const open = () => enterScope([...useEditor.getState().scope, node.id]);
  const reset = () => applyEdit('Reset block branches', (doc) => setBody(doc, node.id, undefined), IMMEDIATE);
  return (
    <div className="inspector-section">
      <h3 className="section-title">Branches</h3>
      <p className="muted small">
        {node.body !== undefined
          ? 'You edited this block’s branches; its parameters no longer generate them.'
          : 'Generated from the parameters above. Open the block to edit its branches.'}
      </p>
      <div className="button-row">
        <button type="button" onClick={open}>
          Open block
        </button>
        {node.body !== undefined ? (
          <button type="button" onClick={reset}>
            Reset to generated
          </button>
        ) : null}
      </div>
    </div>
  );
}
