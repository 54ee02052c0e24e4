import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCompact } from '../model/format';
import { enterScope, useEditor } from '../store/editor';
import { usePredictMark } from '../teaching/predict/grades';
import { nodeLabelId } from './derive';
import { ProblemBadge } from './ProblemBadge';
import type { LayerFlowNode } from './types';
import { useNodeView } from './useNodeView';

/**
 * Semantic zoom: below this zoom a node switches to its compact rendering — kind, output shape and parameter
 * count only, in type that grows as the zoom shrinks (canvas.css, from the canvas's `--zoom`), so the text
 * stays legible on screen instead of shrinking with the node. The box keeps its size, so wires stay put.
 */
export const DETAIL_ZOOM = 0.9;
const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < DETAIL_ZOOM;

/** A layer on the canvas: kind, name, the seeds' notation, output shape and parameter count. */
function LayerNodeView({ data, selected, type, id }: NodeProps<LayerFlowNode>) {
  const view = useNodeView(id);
  const compact = useStore(zoomedOut);
  const mark = usePredictMark(id);
  const isBlock = type === 'block';
  const status =
    view.severity === 'error' ? ', has an error' : view.severity === 'warning' ? ', has a warning' : '';
  const params = view.params > 0 ? `${formatCompact(view.params)} params` : '';
  return (
    <div
      className={`layer-node cat-${data.category}${selected ? ' is-selected' : ''}${
        view.severity !== null ? ` has-${view.severity}` : ''
      }${isBlock ? ' is-block' : ''}${compact ? ' is-compact' : ''}${mark !== null ? ` predict-${mark}` : ''}`}
    >
      <span id={nodeLabelId(id)} className="visually-hidden">
        {`${data.kindLabel} ${data.name}, output ${view.shape}${status}`}
      </span>
      {data.hasInput ? (
        <>
          <Handle id="t" type="target" position={Position.Top} className="layer-handle" />
          <Handle id="l" type="target" position={Position.Left} className="layer-handle layer-handle-side" />
        </>
      ) : null}
      <div className="layer-node-head">
        <span className="layer-node-kind">{data.kindLabel}</span>
        {compact ? (
          <span className="layer-node-params" title={`${view.params.toLocaleString('en-US')} parameters`}>
            {view.params > 0 ? formatCompact(view.params) : ''}
          </span>
        ) : (
          <span className="layer-node-name" title={data.name}>
            {data.name}
          </span>
        )}
        {view.severity !== null ? (
          <ProblemBadge severity={view.severity} problems={view.problems} nodeName={data.name} nodeId={id} />
        ) : null}
        {isBlock && !compact ? <OpenBlockButton id={id} name={data.name} /> : null}
      </div>
      {compact ? null : <div className="layer-node-notation">{data.notation}</div>}
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="node-shape">
          {view.shape}
        </span>
        {isBlock && data.edited && !compact ? <span className="layer-node-tag">edited</span> : null}
        {data.frozen && !compact ? (
          <span className="layer-node-tag" title="Frozen: training leaves its weights as they are">
            frozen
          </span>
        ) : null}
        {compact ? null : (
          <span className="layer-node-params" title={`${view.params.toLocaleString('en-US')} parameters`}>
            {params}
          </span>
        )}
      </div>
      <Handle id="b" type="source" position={Position.Bottom} className="layer-handle" />
      <Handle id="r" type="source" position={Position.Right} className="layer-handle layer-handle-side" />
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
