import { viewportCentre } from '../canvas/viewport';
import { copySelection, pasteInto } from '../model/clipboard';
import { isBlockKind } from '../model/core';
import { explodeBlock } from '../model/explode';
import { bodyOf } from '../model/scope';
import { currentViewDoc, useAnalysis } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import { select, useEditor, type XY } from '../store/editor';
import { IMMEDIATE } from '../store/history';
import { saveBlock, useLibrary } from '../store/library';
import { openDialog } from '../store/session';
import { toast } from '../store/toasts';

/**
 * Group and ungroup. Ungroup replaces an Inception/Residual node by its branches inline (one undo step).
 * Group saves the selection as a named reusable block in "My blocks" (the palette), from which it is
 * inserted like a paste; collapsing a selection into one node needs a generic block kind in the core catalog
 * (requested), so the selection itself stays as it is.
 */
export function groupSelection(): boolean {
  if (useEditor.getState().selectedNodes.length === 0) return false;
  openDialog({ kind: 'saveBlock' });
  return true;
}

export function saveSelectionAsBlock(name: string): boolean {
  const { selectedNodes } = useEditor.getState();
  if (selectedNodes.length === 0) return false;
  const content = copySelection(currentViewDoc(), selectedNodes);
  saveBlock(name, content);
  toast.success(`Saved “${name}” to My blocks (${content.nodes.length} layers).`);
  return true;
}

/** Inserts a saved block with its top-left corner at `at` (default: the viewport centre). */
export function insertSavedBlock(id: string, at?: XY): boolean {
  const block = useLibrary.getState().blocks.find((b) => b.id === id);
  if (block === undefined || block.content.nodes.length === 0) return false;
  const target = at ?? viewportCentre();
  const left = Math.min(...block.content.nodes.map((n) => n.position.x));
  const top = Math.min(...block.content.nodes.map((n) => n.position.y));
  let inserted: string[] = [];
  const changed = applyEdit(
    `Insert ${block.name}`,
    (doc) => {
      const result = pasteInto(doc, block.content, { x: target.x - left, y: target.y - top });
      inserted = result.nodeIds;
      return result.graph;
    },
    IMMEDIATE,
  );
  if (changed) select(inserted);
  return changed;
}

export function ungroupSelection(): boolean {
  const { selectedNodes } = useEditor.getState();
  const id = selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const doc = currentViewDoc();
  const node = doc.nodes.find((n) => n.id === id);
  if (node === undefined || !isBlockKind(node.kind)) {
    toast.info('Select one Inception or Residual block to ungroup it.');
    return false;
  }
  const input = useAnalysis.getState().view.nodes.get(node.id)?.inputShapes[0] ?? null;
  let parts: string[] = [];
  const changed = applyEdit(
    `Ungroup ${node.name}`,
    (current) => {
      const result = explodeBlock(current, node.id, bodyOf(node, input));
      if (result === null) return current;
      parts = result.nodeIds;
      return result.doc;
    },
    IMMEDIATE,
  );
  if (!changed)
    toast.error(
      `${node.name}'s branches do not end in one layer, so it cannot be ungrouped.`,
      'BLOCK_BODY_INVALID',
    );
  else select(parts);
  return changed;
}
