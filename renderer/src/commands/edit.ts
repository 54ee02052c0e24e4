import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import { nodeSize, snap, viewportCentre } from '../canvas/viewport';
import { copySelection, pasteInto } from '../model/clipboard';
import {
  BLOCK_INPUT_ID,
  checkConnection,
  connectNodes,
  deleteElements,
  insertNode,
  kindDef,
  moveNodes as movePositions,
} from '../model/core';
import { currentViewDoc } from '../store/analysis';
import { applyEdit } from '../store/applyEdit';
import {
  bumpPasteCount,
  redoEdit,
  select,
  setClipboard,
  undoEdit,
  useEditor,
  type XY,
} from '../store/editor';
import { IMMEDIATE } from '../store/history';
import { toast } from '../store/toasts';

/**
 * Editing commands. Each states its undo policy where it applies the edit; shortcuts, the Electron menu,
 * toolbar buttons and context actions all call these, so a command behaves the same wherever it starts.
 */
const scoped = (): GraphDoc => currentViewDoc();

const PASTE_OFFSET = 32;

/**
 * Adds a layer. With a drop position it lands there; from a click it lands below the single selected node and
 * is wired to it when the wire is valid (the quick way to build a chain), else at the viewport centre.
 * `params` start the node off (a user block's `blockId`); `label` names the undo step.
 */
export function addLayer(
  kind: string,
  at?: XY,
  opts: { readonly params?: GraphNode['params']; readonly label?: string } = {},
): string | null {
  const def = kindDef(kind);
  if (def === undefined) return null;
  const doc = scoped();
  const { selectedNodes } = useEditor.getState();
  const anchorId = at === undefined && selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const anchor = anchorId !== undefined ? doc.nodes.find((n) => n.id === anchorId) : undefined;
  let position = at !== undefined ? { x: snap(at.x), y: snap(at.y) } : viewportCentre();
  if (anchor !== undefined) {
    const size = nodeSize(anchor.id);
    position = { x: snap(anchor.position.x), y: snap(anchor.position.y + size.height + 48) };
  }
  let nodeId: string | null = null;
  applyEdit(
    opts.label ?? `Add ${def.label}`,
    (current) => {
      const added = insertNode(current, kind, position, opts.params);
      nodeId = added.nodeId;
      if (anchor !== undefined && checkConnection(added.doc, anchor.id, added.nodeId).ok) {
        return connectNodes(added.doc, anchor.id, added.nodeId);
      }
      return added.doc;
    },
    IMMEDIATE,
  );
  if (nodeId !== null) select([nodeId]);
  return nodeId;
}

/** Wires two nodes, or explains with the core's coded reason why not (the edit is refused, visibly). */
export function connect(source: string, target: string): boolean {
  const check = checkConnection(scoped(), source, target);
  if (!check.ok) {
    toast.error(check.message, check.code);
    return false;
  }
  return applyEdit('Connect', (doc) => connectNodes(doc, source, target), IMMEDIATE);
}

/** The selected nodes the user may delete or copy (never the synthetic input of an opened block). */
const ownSelection = (): string[] => {
  const { selectedNodes, scope } = useEditor.getState();
  return scope.length === 0 ? [...selectedNodes] : selectedNodes.filter((id) => id !== BLOCK_INPUT_ID);
};

export function deleteSelection(): boolean {
  const { selectedEdges } = useEditor.getState();
  const selectedNodes = ownSelection();
  if (selectedNodes.length === 0 && selectedEdges.length === 0) return false;
  const what = selectedNodes.length + selectedEdges.length;
  return applyEdit(
    `Delete ${what} item${what === 1 ? '' : 's'}`,
    (doc) => deleteElements(doc, selectedNodes, selectedEdges),
    IMMEDIATE,
  );
}

export function copy(): boolean {
  const selectedNodes = ownSelection();
  if (selectedNodes.length === 0) return false;
  setClipboard(copySelection(scoped(), selectedNodes));
  return true;
}

function insertCopies(content: ReturnType<typeof copySelection>, step: number, label: string): boolean {
  let pasted: string[] = [];
  const changed = applyEdit(
    label,
    (doc) => {
      const result = pasteInto(doc, content, { x: PASTE_OFFSET * step, y: PASTE_OFFSET * step });
      pasted = result.nodeIds;
      return result.graph;
    },
    IMMEDIATE,
  );
  if (changed) select(pasted);
  return changed;
}

export function paste(): boolean {
  const { clipboard } = useEditor.getState();
  if (clipboard === null || clipboard.nodes.length === 0) return false;
  return insertCopies(clipboard, bumpPasteCount(), 'Paste');
}

/** Copy + paste in one step that leaves the clipboard alone. */
export function duplicate(): boolean {
  const selectedNodes = ownSelection();
  if (selectedNodes.length === 0) return false;
  return insertCopies(copySelection(scoped(), selectedNodes), 1, 'Duplicate');
}

export function selectAll(): void {
  const doc = scoped();
  select(
    doc.nodes.map((n) => n.id),
    doc.edges.map((e) => e.id),
  );
}

/** A drag ends: all moved nodes land in one undo step (nothing is recorded while the drag is in progress). */
export function moveNodes(positions: ReadonlyMap<string, XY>): boolean {
  return applyEdit(
    positions.size === 1 ? 'Move node' : `Move ${positions.size} nodes`,
    (doc) => movePositions(doc, positions),
    IMMEDIATE,
  );
}

export const undo = (): boolean => undoEdit();
export const redo = (): boolean => redoEdit();
