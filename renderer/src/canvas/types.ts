import type { Edge, Node } from '@xyflow/react';

/** One diagnostic as a node shows it. */
export interface NodeProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly formula: string | null;
  readonly fix: string | null;
}

/**
 * What a node carries: plain JSON derived from its document node alone (no callbacks: those break saving and
 * IPC; commands are reached through the store). What the analysis says about the node (shape, params,
 * problems) is read by the node component from the analysis store, so a re-analysis that reshapes 500 nodes
 * changes no React Flow node object at all.
 */
export type LayerNodeData = {
  readonly kind: string;
  /** The catalog's display name, e.g. `Conv2D`. */
  readonly kindLabel: string;
  /** Palette category, for the colour stripe. */
  readonly category: string;
  readonly name: string;
  /** Key parameters in the seeds' notation, e.g. `Conv 32@3×3 /1 same` (the catalog's notation()). */
  readonly notation: string;
  readonly hasInput: boolean;
  /** Blocks only: whether the user has edited the branches (stored in `body`). */
  readonly edited: boolean;
  readonly unknownKind: boolean;
  /** Frozen for training (the node's `trainable: false`). */
  readonly frozen: boolean;
};

export type LayerFlowNode = Node<LayerNodeData, 'layer' | 'block'>;

export type ShapeFlowEdge = Edge<Record<string, never>, 'shape'>;
