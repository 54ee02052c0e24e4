import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import { viewportCentre } from '../canvas/viewport';
import { GAP, NODE_SIZE, snap } from '../layout/geometry';
import { copySelection, pasteInto } from '../model/clipboard';
import {
  BLOCK_INPUT_ID,
  checkConnection,
  connectNodes,
  deleteElements,
  freeSpot,
  insertAfter,
  insertNode,
  insertOnEdge,
  kindDef,
  moveNodes as movePositions,
  roomBetween,
  spliceNodeIntoEdge,
} from '../model/core';
import { plural } from '../model/format';
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

const snapPoint = (p: XY): XY => ({ x: snap(p.x), y: snap(p.y) });

/**
 * Adds a layer. With a drop position it lands there (or at the nearest free spot); from a click with one node
 * selected it is spliced in after that node (A→B becomes A→new→B, B and what follows moving down a row to make
 * room), else it lands at the free spot nearest the viewport centre. Never on top of another node; one undo
 * step. `params` start the node off (a user block's `blockId`); `label` names the undo step.
 */
export function addLayer(
  kind: string,
  at?: XY,
  opts: { readonly params?: GraphNode['params']; readonly label?: string } = {},
): string | null {
  const def = kindDef(kind);
  if (def === undefined) return null;
  const { selectedNodes } = useEditor.getState();
  const anchorId = at === undefined && selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const wanted = snapPoint(at ?? viewportCentre());
  let nodeId: string | null = null;
  applyEdit(
    opts.label ?? `Add ${def.label}`,
    (current) => {
      if (anchorId !== undefined && current.nodes.some((n) => n.id === anchorId)) {
        const leaving = current.edges.filter((e) => e.source === anchorId);
        const next = leaving.length === 1 ? (leaving[0]?.target ?? null) : null;
        const room = roomBetween(current, anchorId, next, NODE_SIZE, GAP);
        const spread = room.moves.size > 0 ? movePositions(current, room.moves) : current;
        const added = insertAfter(spread, anchorId, kind, snapPoint(room.at), opts.params);
        nodeId = added.nodeId;
        return added.doc;
      }
      const boxes = current.nodes.map((n) => ({ ...n.position, ...NODE_SIZE }));
      const added = insertNode(current, kind, freeSpot(boxes, wanted, NODE_SIZE), opts.params);
      nodeId = added.nodeId;
      return added.doc;
    },
    IMMEDIATE,
  );
  if (nodeId !== null) select([nodeId]);
  return nodeId;
}

/**
 * A layer dropped on a wire: spliced into it (S→T becomes S→new→T), placed between the two ends with room made
 * for it; one undo step. False when the layer cannot take an input (an Input) or the wire is gone.
 */
export function insertOnWire(
  kind: string,
  edgeId: string,
  opts: { readonly params?: GraphNode['params']; readonly label?: string } = {},
): boolean {
  const def = kindDef(kind);
  const edge = scoped().edges.find((e) => e.id === edgeId);
  if (def === undefined || edge === undefined || def.inputs === 'none') return false;
  let nodeId: string | null = null;
  const changed = applyEdit(
    opts.label ?? `Insert ${def.label}`,
    (current) => {
      const room = roomBetween(current, edge.source, edge.target, NODE_SIZE, GAP);
      const spread = room.moves.size > 0 ? movePositions(current, room.moves) : current;
      const added = insertOnEdge(spread, edgeId, kind, snapPoint(room.at), opts.params);
      if (added === null) return current;
      nodeId = added.nodeId;
      return added.doc;
    },
    IMMEDIATE,
  );
  if (nodeId !== null) select([nodeId]);
  return changed;
}

/** A lone node dragged onto a wire joins it (with its drop position); false when it has wires already. */
export function moveOntoWire(nodeId: string, position: XY, edgeId: string): boolean {
  const doc = scoped();
  const moved = movePositions(doc, new Map([[nodeId, position]]));
  if (spliceNodeIntoEdge(moved, nodeId, edgeId) === null) return false;
  return applyEdit(
    'Insert into wire',
    (current) => {
      const placed = movePositions(current, new Map([[nodeId, position]]));
      return spliceNodeIntoEdge(placed, nodeId, edgeId) ?? current;
    },
    IMMEDIATE,
  );
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

/**
 * Deletes the selection. By default a deleted run of layers fed by one wire leaves its neighbours wired
 * together (A→B→C without B is A→C); `reconnect: false` (Shift+Delete) leaves the gap.
 */
export function deleteSelection(opts: { reconnect?: boolean } = {}): boolean {
  const { selectedEdges } = useEditor.getState();
  const selectedNodes = ownSelection();
  if (selectedNodes.length === 0 && selectedEdges.length === 0) return false;
  const reconnect = opts.reconnect ?? true;
  return applyEdit(
    `Delete ${plural(selectedNodes.length + selectedEdges.length, 'item')}`,
    (doc) => deleteElements(doc, selectedNodes, selectedEdges, { reconnect }),
    IMMEDIATE,
  );
}

export function copy(): boolean {
  const selectedNodes = ownSelection();
  if (selectedNodes.length === 0) return false;
  setClipboard(copySelection(scoped(), selectedNodes));
  return true;
}

/**
 * Pastes a copy: offset from the original (cascading on repeated pastes), then moved as a group to the nearest
 * spot where none of its nodes covers another.
 */
function insertCopies(content: ReturnType<typeof copySelection>, step: number, label: string): boolean {
  let pasted: string[] = [];
  const changed = applyEdit(
    label,
    (doc) => {
      const xs = content.nodes.map((n) => n.position.x);
      const ys = content.nodes.map((n) => n.position.y);
      const origin = { x: Math.min(...xs), y: Math.min(...ys) };
      const size = {
        width: Math.max(...xs) - origin.x + NODE_SIZE.width,
        height: Math.max(...ys) - origin.y + NODE_SIZE.height,
      };
      const wanted = snapPoint({ x: origin.x + PASTE_OFFSET * step, y: origin.y + PASTE_OFFSET * step });
      const boxes = doc.nodes.map((n) => ({ ...n.position, ...NODE_SIZE }));
      const spot = freeSpot(boxes, wanted, size);
      const result = pasteInto(doc, content, { x: spot.x - origin.x, y: spot.y - origin.y });
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
