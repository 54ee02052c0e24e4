import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { PANE_LIMITS, usePrefs, type PaneSizes } from '../store/prefs';

/**
 * A draggable divider between panes (also keyboard-operable: arrows move it 16 px, Home/End jump to the
 * limits). `edge` says which side of the divider the resized pane is on.
 */
export function Splitter({
  pane,
  orientation,
  edge,
  label,
}: {
  pane: keyof PaneSizes;
  orientation: 'vertical' | 'horizontal';
  /** +1 when dragging towards positive x/y grows the pane, −1 when it shrinks it. */
  edge: 1 | -1;
  label: string;
}) {
  const size = usePrefs((s) => s.panes[pane]);
  const setPane = usePrefs((s) => s.setPane);
  const start = useRef<{ pointer: number; size: number } | null>(null);
  const coord = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { pointer: coord(e), size };
  };
  const onPointerMove = (e: PointerEvent) => {
    if (start.current === null) return;
    setPane(pane, start.current.size + edge * (coord(e) - start.current.pointer));
  };
  const onPointerUp = () => {
    start.current = null;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const grow = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    if (e.key === grow[0]) setPane(pane, size + 16 * edge);
    else if (e.key === grow[1]) setPane(pane, size - 16 * edge);
    else if (e.key === 'Home') setPane(pane, PANE_LIMITS[pane].min);
    else if (e.key === 'End') setPane(pane, PANE_LIMITS[pane].max);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={PANE_LIMITS[pane].min}
      aria-valuemax={PANE_LIMITS[pane].max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
