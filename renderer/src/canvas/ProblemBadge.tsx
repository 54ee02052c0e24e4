import { NodeToolbar, Position } from '@xyflow/react';
import { useState } from 'react';
import type { NodeProblem } from './types';

/**
 * The error/warning mark on a node. Hover or focus shows every problem with its formula worked out in numbers
 * and the suggested fix; the tooltip is a NodeToolbar, so it floats above neighbouring nodes.
 */
export function ProblemBadge({
  severity,
  problems,
  nodeName,
  nodeId,
}: {
  severity: 'error' | 'warning';
  problems: readonly NodeProblem[];
  nodeName: string;
  nodeId: string;
}) {
  const [open, setOpen] = useState(false);
  const shown = problems.filter((p) => p.severity !== 'info');
  const count = shown.length;
  const noun = severity === 'error' ? 'error' : 'warning';
  const tooltipId = `problem-tooltip-${nodeId}`;
  return (
    <>
      <button
        type="button"
        className={`node-badge node-badge-${severity} nodrag`}
        aria-label={`${count} ${noun}${count === 1 ? '' : 's'} on ${nodeName}: ${shown[0]?.message ?? ''}`}
        aria-describedby={open ? tooltipId : undefined}
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      >
        {severity === 'error' ? '!' : '⚠'}
        {count > 1 ? <span className="node-badge-count">{count}</span> : null}
      </button>
      <NodeToolbar isVisible={open} position={Position.Right} offset={12}>
        <div role="tooltip" id={tooltipId} className="problem-tooltip">
          {shown.map((p, i) => (
            <div key={`${p.code}-${i}`} className={`problem-tooltip-item problem-${p.severity}`}>
              <div className="problem-tooltip-head">
                <span className="problem-code">{p.code}</span> {p.message}
              </div>
              {p.formula !== null ? <code className="problem-formula">{p.formula}</code> : null}
              {p.fix !== null ? <div className="problem-fix">Fix: {p.fix}</div> : null}
            </div>
          ))}
        </div>
      </NodeToolbar>
    </>
  );
}
