import type { BlockDef, BlockLibrary, GraphEdge, GraphNode } from '../../../shared/graph/schema';
import { BLOCK_INPUT_ID, blockOfNode, isBlockKind, kindDef, notationOf } from '../model/core';
import type { LayerFlowNode, LayerNodeData, ShapeFlowEdge } from './types';

/**
 * Document → React Flow nodes and edges, memoised per element: a node or edge whose inputs did not change
 * keeps its object identity, so React Flow skips it. Analysis results are not part of these objects (node and
 * edge components subscribe to their own slice of the analysis store), so an edit that reshapes the whole
 * network touches only the edited node here. This is what keeps an edit on a 500-node graph inside a frame.
 */
export interface Dims {
  readonly width: number;
  readonly height: number;
}

interface NodeInputs {
  readonly node: GraphNode;
  /** A user block's library entry: its name is the node's notation. */
  readonly entry: BlockDef | undefined;
  readonly data: LayerNodeData;
  readonly selected: boolean;
  readonly x: number;
  readonly y: number;
  readonly dims: Dims | undefined;
  readonly inBlock: boolean;
}

export function nodeData(node: GraphNode, blocks?: BlockLibrary): LayerNodeData {
  const def = kindDef(node.kind);
  return {
    kind: node.kind,
    kindLabel: def?.label ?? node.kind,
    category: def?.category ?? 'unknown',
    name: node.name,
    notation: notationOf(node, blocks),
    hasInput: def?.inputs !== 'none',
    edited: node.body !== undefined,
    unknownKind: def === undefined,
    frozen: node.trainable === false,
  };
}

/** The id of the hidden element naming a node for assistive tech (its text follows the analysis). */
export const nodeLabelId = (nodeId: string): string => `node-label-${nodeId}`;
/** The same for an edge: its text names both ends and the tensor shape the wire carries. */
export const edgeLabelId = (edgeId: string): string => `edge-label-${edgeId}`;

/** A move (a drag, a layout) makes a new node object with the same contents: its data need not change. */
const sameButPosition = (a: GraphNode, b: GraphNode): boolean =>
  a === b ||
  (a.kind === b.kind &&
    a.name === b.name &&
    a.params === b.params &&
    a.body === b.body &&
    a.trainable === b.trainable);

export function createNodeDeriver() {
  let cache = new Map<string, { inputs: NodeInputs; node: LayerFlowNode }>();
  let lastOut: LayerFlowNode[] = [];

  return function derive(
    nodes: readonly GraphNode[],
    selected: ReadonlySet<string>,
    dragging: ReadonlyMap<string, { x: number; y: number }> | null,
    measured: ReadonlyMap<string, Dims>,
    inBlock = false,
    blocks?: BlockLibrary,
  ): LayerFlowNode[] {
    const next = new Map<string, { inputs: NodeInputs; node: LayerFlowNode }>();
    let changed = nodes.length !== lastOut.length;
    const out = nodes.map((node, index) => {
      const prev = cache.get(node.id);
      const position = dragging?.get(node.id) ?? node.position;
      const isSelected = selected.has(node.id);
      const dims = measured.get(node.id);
      const entry = blockOfNode(blocks, node);
      const data =
        prev !== undefined && sameButPosition(prev.inputs.node, node) && prev.inputs.entry === entry
          ? prev.inputs.data
          : nodeData(node, blocks);
      const inputs: NodeInputs = {
        node,
        entry,
        data,
        selected: isSelected,
        x: position.x,
        y: position.y,
        dims,
        inBlock,
      };
      let flowNode: LayerFlowNode;
      if (
        prev !== undefined &&
        prev.inputs.data === data &&
        prev.inputs.selected === isSelected &&
        prev.inputs.x === inputs.x &&
        prev.inputs.y === inputs.y &&
        prev.inputs.dims === dims &&
        prev.inputs.inBlock === inBlock
      ) {
        flowNode = prev.node;
      } else {
        flowNode = {
          id: node.id,
          type: isBlockKind(node.kind) ? 'block' : 'layer',
          position: { x: inputs.x, y: inputs.y },
          data,
          selected: isSelected,
          // Inside a block, the synthetic node standing for the block's input is not part of the body.
          ...(inBlock && node.id === BLOCK_INPUT_ID ? { draggable: false, deletable: false } : {}),
          domAttributes: { 'aria-labelledby': nodeLabelId(node.id) },
          ...(dims !== undefined ? { measured: { width: dims.width, height: dims.height } } : {}),
        };
      }
      if (lastOut[index] !== flowNode) changed = true;
      next.set(node.id, { inputs, node: flowNode });
      return flowNode;
    });
    cache = next;
    if (!changed) return lastOut;
    lastOut = out;
    return out;
  };
}

/** Handle ids: inputs arrive at the top or the left, outputs leave at the bottom or the right. */
export type SourceHandle = 'b' | 'r';
export type TargetHandle = 't' | 'l';

/**
 * Which sides a wire joins, from where its ends are: straight down when the target is below, sideways when it
 * is to the right (a left-to-right layout, or the jump from the foot of one wrapped column to the head of the
 * next). The document stores no sides, so any layout draws sensibly.
 */
export function wireSides(
  source: { x: number; y: number },
  target: { x: number; y: number },
  size: Dims,
): { sourceHandle: SourceHandle; targetHandle: TargetHandle } {
  const gapY = target.y - (source.y + size.height);
  const gapX = target.x - (source.x + size.width);
  // Below, and not far more to the side than below (a branch one column over still goes down).
  if (gapX < 0 || (gapY >= 0 && gapY > gapX / 2)) return { sourceHandle: 'b', targetHandle: 't' };
  return { sourceHandle: 'r', targetHandle: 'l' };
}

export function createEdgeDeriver() {
  type Cached = { edge: GraphEdge; selected: boolean; sides: string; out: ShapeFlowEdge };
  let cache = new Map<string, Cached>();
  let lastOut: ShapeFlowEdge[] = [];
  return function derive(
    edges: readonly GraphEdge[],
    selected: ReadonlySet<string>,
    positionOf: (id: string) => { x: number; y: number } | undefined = () => undefined,
    size: Dims = { width: 216, height: 72 },
  ): ShapeFlowEdge[] {
    const next = new Map<string, Cached>();
    // An unchanged array keeps React Flow from rebuilding its connection lookup on every param edit.
    let changed = edges.length !== lastOut.length;
    const out = edges.map((edge, index) => {
      const isSelected = selected.has(edge.id);
      const from = positionOf(edge.source);
      const to = positionOf(edge.target);
      const sides =
        from === undefined || to === undefined
          ? { sourceHandle: 'b' as const, targetHandle: 't' as const }
          : wireSides(from, to, size);
      const sidesKey = `${sides.sourceHandle}${sides.targetHandle}`;
      const prev = cache.get(edge.id);
      const flowEdge: ShapeFlowEdge =
        prev !== undefined && prev.edge === edge && prev.selected === isSelected && prev.sides === sidesKey
          ? prev.out
          : {
              id: edge.id,
              type: 'shape',
              source: edge.source,
              target: edge.target,
              sourceHandle: sides.sourceHandle,
              targetHandle: sides.targetHandle,
              selected: isSelected,
              domAttributes: { 'aria-labelledby': edgeLabelId(edge.id) },
            };
      next.set(edge.id, { edge, selected: isSelected, sides: sidesKey, out: flowEdge });
      if (lastOut[index] !== flowEdge) changed = true;
      return flowEdge;
    });
    cache = next;
    if (!changed) return lastOut;
    lastOut = out;
    return out;
  };
}
