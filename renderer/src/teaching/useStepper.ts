import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * Stepping through an explainer: the current step, play/pause (one step per `ms`, stopping at the end) and the
 * keyboard (← / → step, Home / End, Space play or pause) for the lesson's container. Keys typed into a field are
 * the field's own.
 */
export interface Stepper {
  readonly index: number;
  readonly count: number;
  readonly playing: boolean;
  go(index: number): void;
  step(delta: number): void;
  toggle(): void;
  onKeyDown(e: KeyboardEvent): void;
}

export const PLAY_MS = 650;

export function useStepper(count: number, initial = 0, ms = PLAY_MS): Stepper {
  const [index, setIndex] = useState(initial);
  const [wantPlay, setWantPlay] = useState(false);
  const last = Math.max(0, count - 1);
  const current = Math.min(index, last);
  // Playing stops by itself at the last step.
  const playing = wantPlay && current < last;
  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(last, i))), [last]);
  const step = useCallback(
    (d: number) => setIndex((i) => Math.max(0, Math.min(last, Math.min(i, last) + d))),
    [last],
  );
  useEffect(() => {
    if (!playing) return;
    const timer = window.setTimeout(() => setIndex((i) => Math.min(last, i + 1)), ms);
    return () => window.clearTimeout(timer);
  }, [playing, current, last, ms]);
  const toggle = useCallback(() => {
    if (playing) {
      setWantPlay(false);
      return;
    }
    // Play from the start again once the end is reached.
    if (current >= last) setIndex(0);
    setWantPlay(true);
  }, [playing, current, last]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea, [contenteditable="true"]') !== null) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowRight') step(1);
      else if (e.key === 'ArrowLeft') step(-1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(last);
      else if (e.key === ' ') toggle();
      else return;
      e.preventDefault();
    },
    [go, last, step, toggle],
  );
  return { index: current, count, playing, go, step, toggle, onKeyDown };
}

/** The explainer takes the keyboard when it appears, so ← → and Space work at once. */
export function useAutoFocus<T extends HTMLElement = HTMLDivElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
