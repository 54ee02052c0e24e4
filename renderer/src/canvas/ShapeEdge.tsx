import { BaseEdge, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ShapeFlowEdge } from './types';

/** A wire labelled with the tensor shape it carries; red or amber when a diagnostic blames the wire. */
function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
    borderRadius: 8,
  });
  const severity = props.data?.severity ?? null;
  return (
    <BaseEdge
      id={props.id}
      path={path}
      className={`shape-edge${severity !== null ? ` edge-${severity}` : ''}${props.selected === true ? ' is-selected' : ''}`}
      label={props.label}
      labelX={labelX}
      labelY={labelY}
      labelStyle={{ fill: 'var(--edge-label-fg)', fontSize: 11, fontFamily: 'var(--font-mono)' }}
      labelShowBg
      labelBgStyle={{ fill: 'var(--edge-label-bg)' }}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
      interactionWidth={14}
    />
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
