import type { StrideError } from '../api/errors';

/**
 * What the analysis of a GraphDoc produces; the canvas, the Summary/Problems tabs, the CLI and the tests all
 * read this. Shapes are channels-last: [H, W, C] for images, [N] for vectors; null when not computable.
 */
export type Shape = readonly number[];

export interface Diagnostic extends StrideError {
  /** The formula worked out with the numbers, e.g. `(28 + 2·0 − 5)/1 + 1 = 24`, when one explains the problem. */
  readonly formula?: string;
  /** A concrete fix, e.g. `use padding 1 (same) or kernel 3`. */
  readonly fix?: string;
  /** The edge at fault, when the problem is a wire rather than a node. */
  readonly edgeId?: string;
  /** For a problem inside a block: the expanded part at fault, e.g. `inc3a/b2/conv` (nodeId is the block). */
  readonly partId?: string;
}

export interface ParamCounts {
  readonly total: number;
  readonly trainable: number;
  /** BatchNorm moving mean/variance, as Keras counts them. */
  readonly nonTrainable: number;
}

export interface NodeAnalysis {
  readonly nodeId: string;
  readonly kind: string;
  readonly inputShapes: readonly (Shape | null)[];
  readonly outputShape: Shape | null;
  readonly params: ParamCounts;
  /** Multiply-accumulates of convolution and dense layers for one sample (blocks: the sum of their parts). */
  readonly macs: number;
  /** Output activation memory for one sample, float32 bytes. */
  readonly activationBytes: number;
  /** Receptive field on the graph input (size and jump per axis); null for vectors. */
  readonly receptiveField: {
    readonly size: readonly [number, number];
    readonly jump: readonly [number, number];
  } | null;
  /** Worked shape formulas for the UI, e.g. ['H: (28 + 2·1 − 3)/1 + 1 = 28', 'W: …']. */
  readonly formulas: readonly string[];
  /** im2col matrix of a convolution: one row per output position, one column per filter weight (FH·FW·C). */
  readonly im2col: { readonly rows: number; readonly cols: number } | null;
  readonly notation: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Blocks only: the analysis of each primitive part, in topological order (nodeId = the part's full id). */
  readonly parts?: readonly NodeAnalysis[];
}

export type ReceptiveField = NonNullable<NodeAnalysis['receptiveField']>;

/** A primitive layer of the expanded graph: blocks replaced by their parts, params validated. */
export interface PrimitiveNode {
  /** The user node's id, or `<blockId>/<partId>` for a block's part (nested blocks add more segments). */
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  /** Validated, with defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The user node this primitive belongs to. */
  readonly origin: string;
}

export interface ExpandedEdge {
  readonly source: string;
  readonly target: string;
  readonly targetPort: number;
}

/** The primitive-only graph analysis, training and codegen work from (built by walk.ts; `GraphAnalysis.expanded`). */
export interface ExpandedGraph {
  /** Topological order. */
  readonly nodes: readonly PrimitiveNode[];
  readonly edges: readonly ExpandedEdge[];
  /** Source primitive ids of each primitive, in input-port order. */
  readonly inputsOf: ReadonlyMap<string, readonly string[]>;
  /** Primitive id → the user node it came from. */
  readonly origin: ReadonlyMap<string, string>;
  /** User node id → the primitive producing its output. */
  readonly outputOf: ReadonlyMap<string, string>;
  readonly input: string | null;
  readonly output: string | null;
  /** False when some user node could not be expanded or analysed (the graph has errors). */
  readonly complete: boolean;
}

export interface GraphTotals {
  readonly params: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly activationBytes: number;
  /** Longest path counted in weight layers (conv + dense), as papers count depth. */
  readonly depth: number;
}

export interface GraphAnalysis {
  /** Topological order of the analysable nodes. */
  readonly order: readonly string[];
  readonly nodes: ReadonlyMap<string, NodeAnalysis>;
  /** The tensor shape each edge carries (its label on the canvas). */
  readonly edgeShapes: ReadonlyMap<string, Shape | null>;
  readonly totals: GraphTotals;
  /** Every diagnostic: per node and graph-level (cycles, disconnected parts, no input). */
  readonly diagnostics: readonly Diagnostic[];
  /** The user node whose output is the network's output (null when there is none). */
  readonly output: string | null;
  readonly expanded: ExpandedGraph;
  /** Analysis of every primitive of the expanded graph (user primitives appear under their own id). */
  readonly primitives: ReadonlyMap<string, NodeAnalysis>;
  /** True when no diagnostic is an error. */
  readonly ok: boolean;
}
