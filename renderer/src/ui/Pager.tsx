import type { ReactNode } from 'react';

/**
 * The one pager: Previous, where we are, Next. `index` is 0-based; the middle reads "Page 2 of 5" unless the
 * caller puts its own control there (the feature-map view's image-number field).
 */
export function Pager({
  index,
  count,
  onChange,
  label,
  children,
}: {
  index: number;
  count: number;
  onChange: (index: number) => void;
  /** What is paged, for the group's accessible name ("Test images"). */
  label: string;
  children?: ReactNode;
}) {
  const go = (next: number) => onChange(Math.max(0, Math.min(count - 1, next)));
  return (
    <div className="button-row pager" role="group" aria-label={label}>
      <button type="button" className="small-button" disabled={index <= 0} onClick={() => go(index - 1)}>
        Previous
      </button>
      {children ?? (
        <span className="muted small" aria-live="polite">
          Page {index + 1} of {count}
        </span>
      )}
      <button
        type="button"
        className="small-button"
        disabled={index >= count - 1}
        onClick={() => go(index + 1)}
      >
        Next
      </button>
    </div>
  );
}
