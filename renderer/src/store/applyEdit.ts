import type { GraphDoc } from '../../../shared/graph/schema';
import { writeScoped } from '../model/scope';
import { useAnalysis } from './analysis';
import { commitDoc, useEditor } from './editor';
import { record, type Capture } from './history';

/**
 * Applies an edit to the graph the canvas shows (the whole model or an opened block) under an undo policy.
 * `edit` receives the scoped doc and returns the next one (the same object means "no change", and records
 * nothing). Inside a block the result is written back as the block's body.
 */
export function applyEdit(label: string, edit: (scoped: GraphDoc) => GraphDoc, capture: Capture): boolean {
  const s = useEditor.getState();
  const { viewDoc, levels } = useAnalysis.getState();
  const next = edit(viewDoc);
  if (next === viewDoc) return false;
  const doc = writeScoped(s.doc, levels, next);
  if (doc === s.doc) return false;
  const nodeIds = new Set(next.nodes.map((n) => n.id));
  const edgeIds = new Set(next.edges.map((e) => e.id));
  const selectedNodes = s.selectedNodes.filter((id) => nodeIds.has(id));
  const selectedEdges = s.selectedEdges.filter((id) => edgeIds.has(id));
  commitDoc(doc, record(s.history, label, s.doc, capture), {
    selectedNodes: selectedNodes.length === s.selectedNodes.length ? s.selectedNodes : selectedNodes,
    selectedEdges: selectedEdges.length === s.selectedEdges.length ? s.selectedEdges : selectedEdges,
  });
  return true;
}

/**
 * An edit of the whole document, whichever block is open: the block library (rename or remove a definition)
 * lives beside the graph, not in any scope. Same undo policies as applyEdit.
 */
export function applyDocEdit(label: string, edit: (doc: GraphDoc) => GraphDoc, capture: Capture): boolean {
  const s = useEditor.getState();
  const doc = edit(s.doc);
  if (doc === s.doc) return false;
  commitDoc(doc, record(s.history, label, s.doc, capture), {
    selectedNodes: s.selectedNodes,
    selectedEdges: s.selectedEdges,
  });
  return true;
}
