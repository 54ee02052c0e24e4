import type { Edge, Node } from '@xyflow/react';

/** One diagnostic as a node shows it: plain JSON, like everything in node data. */
export interface NodeProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly formula: string | null;
  readonly fix: string | null;
}

/**
 * What a node component renders. Plain JSON derived from the document and the analysis (no callbacks: those
 * break saving and IPC, and commands are reached through the store instead).
 */
export type LayerNodeData = {
  readonly kind: string;
  /** The catalog's display name, e.g. `Conv2D`. */
  readonly kindLabel: string;
  /** Palette category, for the colour stripe. */
  readonly category: string;
  readonly name: string;
  /** Key parameters in the seeds' notation, e.g. `Conv 32@3×3 /1 same`. */
  readonly notation: string;
  /** Output shape, e.g. `28×28×32`, or `?` when not computable. */
  readonly shape: string;
  readonly params: number;
  readonly macs: number;
  readonly hasInput: boolean;
  readonly severity: 'error' | 'warning' | null;
  readonly problems: readonly NodeProblem[];
  /** Blocks only: whether the user has edited the branches (stored in `body`). */
  readonly edited: boolean;
  readonly unknownKind: boolean;
};

export type LayerFlowNode = Node<LayerNodeData, 'layer' | 'block'>;

export type ShapeEdgeData = {
  readonly severity: 'error' | 'warning' | null;
};

export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;
