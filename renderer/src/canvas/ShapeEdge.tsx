import { BaseEdge, getSmoothStepPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { DETAIL_ZOOM } from './LayerNode';
import type { ShapeFlowEdge } from './types';
import { useEdgeView } from './useNodeView';

const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < DETAIL_ZOOM;
/** Advance of one character of the 11 px monospace label font; the label box is sized from it, so no
 * getBBox() layout read is needed each time a shape changes. */
const CHAR_WIDTH = 6.7;

/**
 * A wire labelled with the tensor shape it carries (read from the analysis store, so a re-analysis never
 * changes the edge object); red or amber when a diagnostic blames the wire. Labels are dropped when zoomed
 * out too far to read them.
 */
function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { label, severity } = useEdgeView(props.id);
  const compact = useStore(zoomedOut);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
    borderRadius: 8,
  });
  const width = label.length * CHAR_WIDTH + 8;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={`shape-edge${severity !== null ? ` edge-${severity}` : ''}${props.selected === true ? ' is-selected' : ''}`}
        interactionWidth={14}
      />
      {compact ? null : (
        <g className="shape-edge-label" transform={`translate(${labelX} ${labelY})`}>
          <rect x={-width / 2} y={-8} width={width} height={16} rx={3} />
          <text textAnchor="middle" dominantBaseline="central">
            {label}
          </text>
        </g>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
