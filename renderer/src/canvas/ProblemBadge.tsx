import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { NodeProblem } from './types';

/**
 * The error/warning mark on a node. Hover or focus shows every problem with its formula worked out in numbers
 * and the suggested fix. The tooltip is portalled to <body> with fixed coordinates, so it floats above the
 * minimap, the controls and neighbouring nodes at any zoom.
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
  const badge = useRef<HTMLButtonElement>(null);
  const shown = problems.filter((p) => p.severity !== 'info');
  const count = shown.length;
  const noun = severity === 'error' ? 'error' : 'warning';
  const tooltipId = `problem-tooltip-${nodeId}`;
  return (
    <>
      <button
        ref={badge}
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
      {open ? createPortal(<Tooltip id={tooltipId} anchor={badge} problems={shown} />, document.body) : null}
    </>
  );
}

const GAP = 10;

function Tooltip({
  id,
  anchor,
  problems,
}: {
  id: string;
  anchor: React.RefObject<HTMLButtonElement | null>;
  problems: readonly NodeProblem[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const a = anchor.current?.getBoundingClientRect();
    const t = ref.current?.getBoundingClientRect();
    if (a === undefined || t === undefined) return;
    // Right of the badge when it fits, else left of it; kept inside the window vertically.
    const right = a.right + GAP;
    const left = right + t.width <= window.innerWidth - GAP ? right : Math.max(GAP, a.left - GAP - t.width);
    const top = Math.min(Math.max(GAP, a.top - 8), Math.max(GAP, window.innerHeight - t.height - GAP));
    setPlace({ left, top });
  }, [anchor]);
  return (
    <div
      ref={ref}
      role="tooltip"
      id={id}
      className="problem-tooltip"
      style={{
        left: place?.left ?? 0,
        top: place?.top ?? 0,
        visibility: place === null ? 'hidden' : 'visible',
      }}
    >
      {problems.map((p, i) => (
        <div key={`${p.code}-${i}`} className={`problem-tooltip-item problem-${p.severity}`}>
          <div className="problem-tooltip-head">
            <span className="problem-code">{p.code}</span> {p.message}
          </div>
          {p.formula !== null ? <code className="problem-formula">{p.formula}</code> : null}
          {p.fix !== null ? <div className="problem-fix">Fix: {p.fix}</div> : null}
        </div>
      ))}
    </div>
  );
}
