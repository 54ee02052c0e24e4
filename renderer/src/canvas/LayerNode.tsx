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
      </div>
      <div className="layer-node-notation">{data.notation}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="node-shape">
          {data.shape}
        </span>
        <span className="layer-node-params" title={`${data.params.toLocaleString('en-US')} parameters`}>
          {data.params > 0 ? `${formatCompact(data.params)} params` : ''}
        </span>
      </div>
      {isBlock ? <BlockFooter id={id} name={data.name} edited={data.edited} /> : null}
      <Handle type="source" position={Position.Bottom} className="layer-handle" />
    </div>
  );
}

function BlockFooter({ id, name, edited }: { id: string; name: string; edited: boolean }) {
  const open = () => enterScope([...useEditor.getState().scope, id]);
  return (
    <div className="layer-node-block">
      <span className="layer-node-tag">{edited ? 'edited branches' : 'generated branches'}</span>
      <button type="button" className="nodrag small-button" aria-label={`Open block ${name}`} onClick={open}>
        Open ▸
      </button>
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
