import type { ReactNode } from 'react';
import { useAutoFocus, type Stepper } from './useStepper';

/**
 * An explainer's frame: a region named for what it explains that takes the keyboard as it appears, so ← → and
 * Space step at once.
 */
export function ExplainerRegion({
  name,
  stepper,
  children,
}: {
  name: string;
  stepper: Stepper;
  children: ReactNode;
}) {
  const ref = useAutoFocus();
  return (
    <div
      ref={ref}
      className="explainer"
      tabIndex={0}
      data-autofocus
      role="region"
      aria-label={`${name}: ← and → step, Space plays`}
      onKeyDown={stepper.onKeyDown}
    >
      {children}
    </div>
  );
}

/** The explainer's step controls: first, back, play/pause, forward, last, and where we are. */
export function Transport({ stepper, what }: { stepper: Stepper; what: string }) {
  const { index, count, playing } = stepper;
  const atStart = index <= 0;
  const atEnd = index >= count - 1;
  return (
    <div className="transport" role="group" aria-label="Steps">
      <button
        type="button"
        className="transport-button"
        onClick={() => stepper.go(0)}
        disabled={atStart}
        aria-label="First step"
        title="First step (Home)"
      >
        <Icon d="M4 3v10M13 3 6 8l7 5z" />
      </button>
      <button
        type="button"
        className="transport-button"
        onClick={() => stepper.step(-1)}
        disabled={atStart}
        aria-label="Previous step"
        title="Previous step (←)"
      >
        ‹
      </button>
      <button
        type="button"
        className="transport-button transport-play"
        onClick={stepper.toggle}
        disabled={count <= 1}
        aria-label={playing ? 'Pause' : 'Play'}
        aria-pressed={playing}
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <button
        type="button"
        className="transport-button"
        onClick={() => stepper.step(1)}
        disabled={atEnd}
        aria-label="Next step"
        title="Next step (→)"
      >
        ›
      </button>
      <button
        type="button"
        className="transport-button"
        onClick={() => stepper.go(count - 1)}
        disabled={atEnd}
        aria-label="Last step"
        title="Last step (End)"
      >
        <Icon d="M12 3v10M3 3l7 5-7 5z" />
      </button>
      <span className="transport-where" data-testid="explainer-step" aria-live="polite">
        {count === 0 ? 'No steps' : `Step ${index + 1} of ${count}`} · {what}
      </span>
      <span className="transport-keys muted small">← → step · Space play/pause</span>
    </div>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className="transport-icon">
      <path d={d} fill="currentColor" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}
