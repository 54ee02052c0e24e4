import { BaseEdge, getSmoothStepPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { edgeLabelId } from './derive';
import type { ShapeFlowEdge } from './types';
import { useEdgeView } from './useNodeView';

/** Below this zoom an 11 px label is under 8 px on screen (the nodes show the same shapes, legibly). */
export const LABEL_ZOOM = 0.75;
const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < LABEL_ZOOM;
/** A node's display name from React Flow's lookup (O(1); the edge is only drawn once both ends are there). */
const nameOf = (id: string) => (s: ReactFlowState) => {
  const name = s.nodeLookup.get(id)?.data.name;
  return typeof name === 'string' ? name : id;
};
/** Advance of one character of the 11 px monospace label font; the label box is sized from it, so no
 * getBBox() layout read is needed each time a shape changes. */
const CHAR_WIDTH = 6.7;
const LABEL_HEIGHT = 16;

/**
 * A wire labelled with the tensor shape it carries (read from the analysis store, so a re-analysis never
 * changes the edge object); red or amber when a diagnostic blames the wire. A label is drawn only where there
 * is room for it: not when zoomed out too far to read it, and not on a wire too short to hold it between its
 * two nodes (a vertical wire needs its height, a sideways one its width). Its accessible name (a hidden text the wire's group is labelled by, present at any
 * zoom) says the same: `Edge from c1 to s2, 28×28×6`.
 */
function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { label, severity } = useEdgeView(props.id);
  const compact = useStore(zoomedOut);
  const from = useStore(nameOf(props.source));
  const to = useStore(nameOf(props.target));
  const status = severity === 'error' ? ', has an error' : severity === 'warning' ? ', has a warning' : '';
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
  const vertical = props.sourcePosition === 'bottom';
  const room = vertical
    ? Math.abs(props.targetY - props.sourceY) >= LABEL_HEIGHT + 8
    : Math.abs(props.targetX - props.sourceX) >= width + 8;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={`shape-edge${severity !== null ? ` edge-${severity}` : ''}${props.selected === true ? ' is-selected' : ''}`}
        interactionWidth={14}
      />
      <text id={edgeLabelId(props.id)} display="none">
        {`Edge from ${from} to ${to}, ${label}${status}`}
      </text>
      {compact || !room ? null : (
        <g className="shape-edge-label" transform={`translate(${labelX} ${labelY})`}>
          <rect x={-width / 2} y={-LABEL_HEIGHT / 2} width={width} height={LABEL_HEIGHT} rx={3} />
          <text textAnchor="middle" dominantBaseline="central">
            {label}
          </text>
        </g>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
