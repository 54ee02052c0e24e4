import { create } from 'zustand';
import type { LayerWindow } from '../../../shared/api/runs';
import type { ConvSetup, ExplainTarget, PoolSetup, SizesSetup, SoftmaxSetup } from '../model/teaching';
import { isConvWindow, isLessonId, type LessonId } from '../model/teaching';

/**
 * Which lesson is open and what it was opened with: nothing (the lecture notes' example), a node's real sizes
 * ("Explain this layer"), or the real numbers of a trained run's layer (the activations overview). UI state
 * only, never part of a document. The open lesson is mirrored in the address bar (`?lesson=<id>`, beside the
 * browser-mode token and any `?preset=`), so a reload or a shared link reopens it.
 */
export interface RunWindowRef {
  readonly runId: string;
  readonly runName: string;
  readonly window: LayerWindow;
}

interface LessonsState {
  readonly lesson: LessonId | null;
  readonly conv: ConvSetup | null;
  readonly pool: PoolSetup | null;
  readonly softmax: SoftmaxSetup | null;
  readonly sizes: SizesSetup | null;
  /** Real numbers from a trained run for the convolution or pooling lesson. */
  readonly runWindow: RunWindowRef | null;
  /** The activations overview's run and test image. */
  readonly activations: { readonly runId: string | null; readonly imageIndex: number };
  /** Bumped on every open: a lesson keyed by it starts again from its setup. */
  readonly opened: number;
}

export const useLessons = create<LessonsState>()(() => ({
  lesson: null,
  conv: null,
  pool: null,
  softmax: null,
  sizes: null,
  runWindow: null,
  activations: { runId: null, imageIndex: 0 },
  opened: 0,
}));

function setLessonParam(id: LessonId | null): void {
  const url = new URL(window.location.href);
  if (id === null) url.searchParams.delete('lesson');
  else url.searchParams.set('lesson', id);
  window.history.replaceState(window.history.state, '', url);
}

const CLEARED = { conv: null, pool: null, softmax: null, sizes: null, runWindow: null } as const;

/** Opens a lesson on its own example (the lecture notes' numbers). */
export function openLesson(id: LessonId): void {
  useLessons.setState((s) => ({ lesson: id, ...CLEARED, opened: s.opened + 1 }));
  setLessonParam(id);
}

/** "Explain this layer": the matching lesson with the node's sizes. */
export function explain(target: ExplainTarget): void {
  useLessons.setState((s) => ({
    lesson: target.lesson,
    ...CLEARED,
    [target.lesson]: target.setup,
    opened: s.opened + 1,
  }));
  setLessonParam(target.lesson);
}

/** A trained layer's pixel: the convolution or pooling lesson on its real window and weights. */
export function explainRunWindow(ref: RunWindowRef): void {
  const lesson = isConvWindow(ref.window) ? 'conv' : 'pool';
  useLessons.setState((s) => ({ lesson, ...CLEARED, runWindow: ref, opened: s.opened + 1 }));
  setLessonParam(lesson);
}

export function openActivations(runId: string | null, imageIndex = 0): void {
  useLessons.setState((s) => ({
    lesson: 'activations',
    ...CLEARED,
    activations: { runId, imageIndex },
    opened: s.opened + 1,
  }));
  setLessonParam('activations');
}

export function setActivations(runId: string | null, imageIndex: number): void {
  useLessons.setState({ activations: { runId, imageIndex } });
}

export function closeLesson(): void {
  useLessons.setState({ lesson: null, ...CLEARED });
  setLessonParam(null);
}

/** `?lesson=<id>` at start-up (ignored when it names no lesson). */
export function openLessonFromUrl(): void {
  const id = new URLSearchParams(window.location.search).get('lesson');
  if (isLessonId(id)) openLesson(id);
}
