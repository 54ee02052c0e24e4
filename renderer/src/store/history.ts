import type { GraphDoc } from '../../../shared/graph/schema';

/**
 * Undo policy of a command, after Excalidraw's captureUpdate:
 * - 'immediate': one undo step now (add, delete, connect, paste, layout, a drag when it ends);
 * - 'coalesce': joins the open step with the same key (typing in one inspector field is one step until the
 *   field loses focus);
 * - 'never': not recorded (loading a document; selection, viewport and training status never reach here).
 */
export type Capture =
  | { readonly kind: 'immediate' }
  | { readonly kind: 'coalesce'; readonly key: string }
  | {
      readonly kind: 'never';
    };

export const IMMEDIATE: Capture = { kind: 'immediate' };
export const NEVER: Capture = { kind: 'never' };
export const coalesce = (key: string): Capture => ({ kind: 'coalesce', key });

export interface HistoryEntry {
  readonly label: string;
  /** The document before the step; docs are immutable, so unchanged parts are shared, not copied. */
  readonly doc: GraphDoc;
}

export interface History {
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
  /** Key of the step still open for coalescing, or null when the next edit starts a new step. */
  readonly openKey: string | null;
}

export const EMPTY_HISTORY: History = { past: [], future: [], openKey: null };
const LIMIT = 200;

/** The history after `before` became `after` under `capture`. */
export function record(history: History, label: string, before: GraphDoc, capture: Capture): History {
  if (capture.kind === 'never') return { ...history, openKey: null };
  if (capture.kind === 'coalesce' && history.openKey === capture.key && history.past.length > 0) {
    return { ...history, future: [] };
  }
  const past = [...history.past, { label, doc: before }].slice(-LIMIT);
  return { past, future: [], openKey: capture.kind === 'coalesce' ? capture.key : null };
}

export function undo(history: History, current: GraphDoc): { history: History; doc: GraphDoc } | null {
  const entry = history.past.at(-1);
  if (entry === undefined) return null;
  return {
    doc: entry.doc,
    history: {
      past: history.past.slice(0, -1),
      future: [...history.future, { label: entry.label, doc: current }],
      openKey: null,
    },
  };
}

export function redo(history: History, current: GraphDoc): { history: History; doc: GraphDoc } | null {
  const entry = history.future.at(-1);
  if (entry === undefined) return null;
  return {
    doc: entry.doc,
    history: {
      past: [...history.past, { label: entry.label, doc: current }],
      future: history.future.slice(0, -1),
      openKey: null,
    },
  };
}
