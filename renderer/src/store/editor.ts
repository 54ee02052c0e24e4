import { create } from 'zustand';
import type { GraphDoc } from '../../../shared/graph/schema';
import { EMPTY_HISTORY, type History, redo, undo } from './history';
import { validScope, type Scope } from '../model/scope';
import type { ClipboardContent } from '../model/clipboard';

/**
 * The editor's state: the document (the single source of truth, plain JSON), its history, and the
 * never-recorded UI state around it (selection, open block, drag overlay, clipboard). React Flow's nodes and
 * edges are derived from this (canvas/derive.ts), never stored.
 */
export interface XY {
  readonly x: number;
  readonly y: number;
}

export interface EditorState {
  readonly doc: GraphDoc;
  /** Where the document lives on the host; null until saved. */
  readonly path: string | null;
  /** The document as last saved or opened; dirty = doc !== savedDoc (undo back to it is clean again). */
  readonly savedDoc: GraphDoc;
  readonly history: History;
  /** Path of opened blocks (breadcrumb); [] is the whole model. */
  readonly scope: Scope;
  readonly selectedNodes: readonly string[];
  readonly selectedEdges: readonly string[];
  /** Positions of nodes being dragged: shown live, written to the document as one step when the drag ends. */
  readonly dragging: ReadonlyMap<string, XY> | null;
  readonly clipboard: ClipboardContent | null;
  /** How many times the clipboard was pasted, so repeated pastes cascade instead of stacking. */
  readonly pasteCount: number;
}

export const EMPTY_DOC: GraphDoc = { version: 1, name: 'Untitled', description: '', nodes: [], edges: [] };

export const useEditor = create<EditorState>()(() => ({
  doc: EMPTY_DOC,
  path: null,
  savedDoc: EMPTY_DOC,
  history: EMPTY_HISTORY,
  scope: [],
  selectedNodes: [],
  selectedEdges: [],
  dragging: null,
  clipboard: null,
  pasteCount: 0,
}));

const get = useEditor.getState;
const set = useEditor.setState;

/** Replaces the document (open, new, preset, recover): history and UI state start afresh. */
export function loadDoc(doc: GraphDoc, path: string | null, opts: { saved: boolean }): void {
  set({
    doc,
    path,
    savedDoc: opts.saved ? doc : EMPTY_DOC,
    history: EMPTY_HISTORY,
    scope: [],
    selectedNodes: [],
    selectedEdges: [],
    dragging: null,
    pasteCount: 0,
  });
}

/**
 * Records a new document produced by an edit (store/applyEdit.ts resolves scopes and builds it). Selection
 * is pruned to what still exists by the caller, which knows the scoped graph.
 */
export function commitDoc(
  doc: GraphDoc,
  history: History,
  selection: Pick<EditorState, 'selectedNodes' | 'selectedEdges'>,
): void {
  set({ doc, history, dragging: null, ...selection });
}

/** Ends an open coalescing step (an inspector field lost focus), so the next edit is a new undo step. */
export function sealHistory(): void {
  if (get().history.openKey !== null) set((s) => ({ history: { ...s.history, openKey: null } }));
}

function restore(result: { history: History; doc: GraphDoc } | null): boolean {
  if (result === null) return false;
  const scope = validScope(result.doc, get().scope);
  // Ids a restored document lacks are dropped from the selection by the canvas (derive ignores them) and by
  // applyEdit's pruning on the next edit; clearing here keeps the inspector from showing a vanished node.
  const keep = scope.length === get().scope.length;
  set({
    doc: result.doc,
    history: result.history,
    scope,
    dragging: null,
    ...(keep ? {} : { selectedNodes: [], selectedEdges: [] }),
  });
  return true;
}

export const undoEdit = (): boolean => restore(undo(get().history, get().doc));
export const redoEdit = (): boolean => restore(redo(get().history, get().doc));

export function select(nodes: readonly string[], edges: readonly string[] = []): void {
  const s = get();
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((id, i) => id === b[i]);
  if (same(s.selectedNodes, nodes) && same(s.selectedEdges, edges)) return;
  set({
    selectedNodes: same(s.selectedNodes, nodes) ? s.selectedNodes : nodes,
    selectedEdges: same(s.selectedEdges, edges) ? s.selectedEdges : edges,
  });
}

export function setDragging(positions: ReadonlyMap<string, XY> | null): void {
  set({ dragging: positions });
}

export function enterScope(scope: Scope): void {
  const valid = validScope(get().doc, scope);
  set({ scope: valid, selectedNodes: [], selectedEdges: [], dragging: null });
}

export function markSaved(path: string | null, doc: GraphDoc = get().doc): void {
  set({ path, savedDoc: doc });
}

export function setClipboard(content: ClipboardContent): void {
  set({ clipboard: content, pasteCount: 0 });
}

export function bumpPasteCount(): number {
  const n = get().pasteCount + 1;
  set({ pasteCount: n });
  return n;
}

export const isDirty = (s: EditorState): boolean => s.doc !== s.savedDoc;
