import { create } from 'zustand';
import type { Prediction } from '../../model/teaching';
import { openPreset } from '../../commands/file';
import { usePrefs } from '../../store/prefs';
import { closeLesson } from '../store';

/**
 * Predict mode: while on, the canvas, inspector, Summary and totals hide every output shape and parameter count,
 * and the Predict tab collects the student's answers per node. UI state only (never saved in the document);
 * `?predict=1` turns it on at start-up, so a syllabus can link `?preset=lenet5&predict=1`.
 */
interface PredictState {
  readonly active: boolean;
  /** Answers by node id. */
  readonly answers: Readonly<Record<string, Prediction>>;
  /** True once the student asked for grading: marks and worked formulas are shown, and follow later edits. */
  readonly checked: boolean;
  /** Everything shown again (answers kept, marks shown). */
  readonly revealed: boolean;
}

export const usePredict = create<PredictState>()(() => ({
  active: false,
  answers: {},
  checked: false,
  revealed: false,
}));

function setPredictParam(on: boolean): void {
  const url = new URL(window.location.href);
  if (on) url.searchParams.set('predict', '1');
  else url.searchParams.delete('predict');
  window.history.replaceState(window.history.state, '', url);
}

export function startPredicting(): void {
  usePredict.setState({ active: true, answers: {}, checked: false, revealed: false });
  // Predictions are typed on the canvas's nodes and graded in the designer's bottom panel.
  usePrefs.getState().setView('designer');
  usePrefs.getState().setBottomTab('predict');
  setPredictParam(true);
}

export function stopPredicting(): void {
  usePredict.setState({ active: false, checked: false, revealed: false });
  setPredictParam(false);
}

export function setAnswer(nodeId: string, field: keyof Prediction, text: string): void {
  usePredict.setState((s) => ({
    answers: { ...s.answers, [nodeId]: { ...s.answers[nodeId], [field]: text } },
  }));
}

export const checkAnswers = (): void => usePredict.setState({ checked: true });
export const revealAnswers = (): void => usePredict.setState({ checked: true, revealed: true });
export const clearAnswers = (): void => usePredict.setState({ answers: {}, checked: false, revealed: false });

/** A preset with predict mode on, from a lesson: closes the lesson and shows the Predict tab. */
export function openPresetForPrediction(id: string): void {
  if (!openPreset(id)) return;
  closeLesson();
  startPredicting();
}

export function predictFromUrl(): void {
  if (new URLSearchParams(window.location.search).get('predict') === '1') startPredicting();
}

/** True while shapes and parameter counts must stay hidden. */
export const useHidden = (): boolean => usePredict((s) => s.active && !s.revealed);
