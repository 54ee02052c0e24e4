import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCompact } from '../model/format';
import { enterScope, useEditor } from '../store/editor';
import { ProblemBadge } from './ProblemBadge';
import type { LayerFlowNode } from './types';

/** A layer on the canvas: kind, name, the seeds' notation, output shape and parameter count. */
function LayerNodeView({ data, selected, type, id }: NodeProps<LayerFlowNode>) {
  const isBlock = type === 'block';
  return (
    <div
      className={`layer-node cat-${data.category}${selected ? ' is-selected' : ''}${
        data.severity !== null ? ` has-${data.severity}` : ''
      }${isBlock ? ' is-block' : ''}`}
    >
      {data.hasInput ? <Handle type="target" position={Position.Top} className="layer-handle" /> : null}
      <div className="layer-node-head">
        <span className="layer-node-kind">{data.kindLabel}</span>
        <span className="layer-node-name" title={data.name}>
          {data.name}
        </span>
        {data.severity !== null ? (
          <ProblemBadge severity={data.severity} problems={data.problems} nodeName={data.name} nodeId={id} />
        ) : null}
        {isBlock ? <OpenBlockButton id={id} name={data.name} /> : null}
      </div>
      <div className="layer-node-notation">{data.notation}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="node-shape">
          {data.shape}
        </span>
        {isBlock && data.edited ? <span className="layer-node-tag">edited</span> : null}
        <span className="layer-node-params" title={`${data.params.toLocaleString('en-US')} parameters`}>
          {data.params > 0 ? `${formatCompact(data.params)} params` : ''}
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} className="layer-handle" />
    </div>
  );
}

/** Opens the block's branches (double-clicking the node does the same). */
function OpenBlockButton({ id, name }: { id: string; name: string }) {
  return (
    <button
      type="button"
      className="nodrag node-open"
      aria-label={`Open block ${name}`}
      title="Open the branches (double-click)"
      onClick={() => enterScope([...useEditor.getState().scope, id])}
    >
      ⤢
    </button>
  );
}

export const LayerNode = memo(LayerNodeView);
