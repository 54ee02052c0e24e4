import type { XY } from '../store/editor';
import {
  blockContains,
  blockEntry,
  blockOfNode,
  BLOCK_INPUT_ID,
  groupNodes,
  isBlockKind,
  isGroupKind,
  freeSpot,
  moveNodes,
  removeBlock,
  renameBlock,
} from '../model/core';
import { NODE_SIZE } from '../layout/geometry';
import { explodeBlock } from '../model/explode';
import { bodyOf } from '../model/scope';
import { currentViewDoc, useAnalysis } from '../store/analysis';
import { applyDocEdit, applyEdit } from '../store/applyEdit';
import { select, useEditor } from '../store/editor';
import { coalesce, IMMEDIATE } from '../store/history';
import { toast } from '../store/toasts';
import { addLayer } from './edit';

/**
 * Group and ungroup, and the document's block library ("My blocks").
 * - Group (Ctrl+G) collapses the selected layers into one user block node whose definition becomes a new
 *   library entry (one undo step); a selection that is not one-in, one-out is refused with the core's code.
 * - Ungroup (Ctrl+Shift+G) inlines any block — Inception, Residual or a user block — back into its layers.
 * - A library entry is placed again from the palette; every node using it shares its definition.
 */
export function groupSelection(): boolean {
  const { selectedNodes } = useEditor.getState();
  if (selectedNodes.length === 0) {
    toast.info('Select the layers to group (Shift-click or Shift-drag), then press Ctrl+G.');
    return false;
  }
  let outcome: ReturnType<typeof groupNodes> | null = null;
  applyEdit(
    `Group ${selectedNodes.length} layer${selectedNodes.length === 1 ? '' : 's'}`,
    (doc) => {
      outcome = groupNodes(doc, selectedNodes);
      if (!outcome.ok) return doc;
      // The block takes its members' top-left corner; in a wrapped layout that can be another node's place.
      const grouped = outcome.value.doc;
      const id = outcome.value.nodeId;
      const at = grouped.nodes.find((n) => n.id === id)?.position;
      if (at === undefined) return grouped;
      const others = grouped.nodes.filter((n) => n.id !== id).map((n) => ({ ...n.position, ...NODE_SIZE }));
      const spot = freeSpot(others, at, NODE_SIZE);
      return spot.x === at.x && spot.y === at.y ? grouped : moveNodes(grouped, new Map([[id, spot]]));
    },
    IMMEDIATE,
  );
  const result = outcome as ReturnType<typeof groupNodes> | null;
  if (result === null) return false;
  if (!result.ok) {
    toast.error(result.error.message, result.error.code);
    return false;
  }
  select([result.value.nodeId]);
  const name = blockEntry(result.value.doc.blocks, result.value.blockId)?.name ?? result.value.blockId;
  toast.success(`Grouped into “${name}”: place it again from My blocks.`);
  return true;
}

export function ungroupSelection(): boolean {
  const { selectedNodes } = useEditor.getState();
  const id = selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const doc = currentViewDoc();
  const node = doc.nodes.find((n) => n.id === id);
  if (node === undefined || node.id === BLOCK_INPUT_ID || !isBlockKind(node.kind)) {
    toast.info('Select one block (Inception, Residual or one of yours) to ungroup it.');
    return false;
  }
  const group = isGroupKind(node.kind);
  if (group && blockOfNode(doc.blocks, node) === undefined) {
    toast.error(
      `${node.name} has no definition in the library, so there is nothing to ungroup.`,
      'BLOCK_NOT_FOUND',
    );
    return false;
  }
  const input = useAnalysis.getState().view.nodes.get(node.id)?.inputShapes[0] ?? null;
  let parts: string[] = [];
  const changed = applyEdit(
    `Ungroup ${node.name}`,
    (current) => {
      const result = explodeBlock(current, node.id, bodyOf(node, input, current.blocks), { keepIds: group });
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

/**
 * Places a library block (a new node using its definition): at `at`, or like a palette click (below the one
 * selected node, wired to it). Refused inside the block's own definition, where it would contain itself.
 */
export function insertBlock(blockId: string, at?: XY): string | null {
  const { doc } = useEditor.getState();
  const entry = blockEntry(doc.blocks, blockId);
  if (entry === undefined) return null;
  const open = useAnalysis
    .getState()
    .levels.map((level) => level.node)
    .filter((n) => isGroupKind(n.kind) && typeof n.params.blockId === 'string')
    .map((n) => n.params.blockId as string);
  const inside = open.find((outer) => blockContains(doc.blocks, blockId, outer));
  if (inside !== undefined) {
    toast.error(
      `“${entry.name}” cannot go inside the definition of “${blockEntry(doc.blocks, inside)?.name ?? inside}”: the block would contain itself.`,
      'BLOCK_RECURSIVE',
    );
    return null;
  }
  return addLayer('group', at, { params: { blockId }, label: `Add block ${entry.name}` });
}

/** Renames a library entry (every use shows the new name); typing is one undo step per field focus. */
export function renameLibraryBlock(blockId: string, name: string, live: boolean): boolean {
  if (name.trim() === '') return false;
  return applyDocEdit(
    'Rename block',
    (doc) => renameBlock(doc, blockId, name),
    live ? coalesce(`block-name:${blockId}`) : IMMEDIATE,
  );
}

/** Removes an unused library entry; a used one is refused with BLOCK_IN_USE. */
export function removeLibraryBlock(blockId: string): boolean {
  let refusal: { code: string; message: string } | null = null;
  const changed = applyDocEdit(
    'Remove block from library',
    (doc) => {
      const result = removeBlock(doc, blockId);
      if (result.ok) return result.value;
      refusal = result.error;
      return doc;
    },
    IMMEDIATE,
  );
  const refused = refusal as { code: string; message: string } | null;
  if (refused !== null) toast.error(refused.message, refused.code);
  return changed;
}
