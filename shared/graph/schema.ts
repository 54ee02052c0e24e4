import { z } from 'zod';

/**
 * The GraphDoc: the single source of truth for a network. Plain JSON only, so it saves, crosses IPC and diffs
 * cleanly; React Flow state is derived from it, never the other way round.
 *
 * Structural validation lives here; per-kind parameter validation lives in the layer catalog (shared/layers),
 * because a GraphDoc with a bad kernel size is still a document the user must be able to open and fix.
 */
export const GRAPH_VERSION = 1;

/** Hard limits: a document beyond them is refused before any analysis runs (no hangs on hostile input). */
export const GRAPH_LIMITS = {
  maxNodes: 20_000,
  maxEdges: 40_000,
  maxBodyDepth: 4,
  /** Entries in a document's block library (`blocks`). */
  maxBlocks: 1_000,
  maxNameLength: 200,
  maxDescriptionLength: 20_000,
  /**
   * Primitive layers once every block is expanded (ResNet-152 has about 520): as many as a document may hold
   * nodes. Counted before expansion (shared/analysis/size.ts): a few library blocks that use each other many
   * times would otherwise expand to millions of layers and hang the CLI, the host and the page alike.
   */
  maxExpandedLayers: 20_000,
  /** Parameters of the whole network (VGG-16 has 138 million); four bytes each, 4 GB at the limit. */
  maxParams: 1_000_000_000,
} as const;

/**
 * Node and edge ids. `/` is allowed because the parts of an expanded block are named `<blockId>/<partId>`
 * (e.g. `inc3a/b2/conv`), and an edited block body keeps those local ids; newNodeId never generates one.
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'ids use letters, digits and _ . : / - only');

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

/** Parameter values are JSON scalars or short arrays of them; kinds validate their own params. */
export const ParamValueSchema = z.union([
  z.number().finite(),
  z.string().max(1000),
  z.boolean(),
  z.null(),
  z.array(z.union([z.number().finite(), z.string().max(1000), z.boolean()])).max(64),
]);
export const ParamsSchema = z.record(z.string().max(64), ParamValueSchema);

export const GraphEdgeSchema = z.object({
  id: IdSchema,
  source: IdSchema,
  target: IdSchema,
  /** Input port of the target; merge layers (Add, Concatenate) take their inputs in port order. */
  targetPort: z.number().int().min(0).max(64).default(0),
});

export interface GraphNode {
  id: string;
  kind: string;
  name: string;
  params: z.infer<typeof ParamsSchema>;
  position: z.infer<typeof PositionSchema>;
  /** A block's branches, when the user has opened and edited them (otherwise generated from params). */
  body?: SubGraph | undefined;
  /**
   * False freezes the layer (all of a block's layers): training leaves its weights exactly as they start
   * (fine-tuning a head on imported or earlier-run weights). Absent means trainable.
   */
  trainable?: boolean | undefined;
}

export interface SubGraph {
  nodes: GraphNode[];
  edges: z.infer<typeof GraphEdgeSchema>[];
}

export const GraphNodeSchema: z.ZodType<GraphNode> = z.lazy(() =>
  z.object({
    id: IdSchema,
    kind: z.string().min(1).max(64),
    name: z.string().max(GRAPH_LIMITS.maxNameLength),
    params: ParamsSchema,
    position: PositionSchema,
    body: SubGraphSchema.optional(),
    trainable: z.boolean().optional(),
  }),
);

export const SubGraphSchema: z.ZodType<SubGraph> = z.lazy(() =>
  z.object({
    nodes: z.array(GraphNodeSchema).max(GRAPH_LIMITS.maxNodes),
    edges: z.array(GraphEdgeSchema).max(GRAPH_LIMITS.maxEdges),
  }),
);

/**
 * One reusable block of the document's library: a name and its definition, a body in the same form as an
 * Inception or Residual body (edges from the reserved id `in` carry the block's input; its single sink is the
 * block's output). `group` nodes use it by `params.blockId`, so a block placed several times is defined once:
 * editing the definition changes every use.
 */
export interface BlockDef {
  name: string;
  body: SubGraph;
}

export const BlockDefSchema: z.ZodType<BlockDef> = z.object({
  name: z.string().min(1).max(GRAPH_LIMITS.maxNameLength),
  body: SubGraphSchema,
});

/** Library keys: ids, never an Object.prototype name (the library is a plain JSON object). */
export const BlockIdSchema = IdSchema.refine(
  (id) => !['__proto__', 'constructor', 'prototype'].includes(id),
  'that name is reserved',
);

/** Block id → definition. Optional: a document without reusable blocks has no `blocks` field at all. */
export const BlockLibrarySchema = z
  .record(BlockIdSchema, BlockDefSchema)
  .refine((r) => Object.keys(r).length <= GRAPH_LIMITS.maxBlocks, {
    message: `at most ${GRAPH_LIMITS.maxBlocks} blocks`,
  });
export type BlockLibrary = Readonly<Record<string, BlockDef>>;

/** The entry `id`, if the library has it as its own key (`toString` is never a block). */
export function blockEntry(blocks: BlockLibrary | undefined, id: string): BlockDef | undefined {
  return blocks !== undefined && Object.hasOwn(blocks, id) ? blocks[id] : undefined;
}

/** Teaching metadata carried by presets (and kept by user copies of them). */
export const GraphMetaSchema = z.object({
  presetId: z.string().max(64).optional(),
  year: z.number().int().min(1950).max(2100).optional(),
  authors: z.string().max(500).optional(),
  headline: z.string().max(500).optional(),
  source: z.string().max(500).optional(),
  /**
   * The imported model whose weights this graph came with (kept by the host under <data>/imports/<id>):
   * training can start from them and the run view can evaluate them.
   */
  importId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/)
    .optional(),
});

export const GraphDocSchema = z.object({
  version: z.literal(GRAPH_VERSION),
  name: z.string().min(1).max(GRAPH_LIMITS.maxNameLength),
  description: z.string().max(GRAPH_LIMITS.maxDescriptionLength).default(''),
  nodes: z.array(GraphNodeSchema).max(GRAPH_LIMITS.maxNodes),
  edges: z.array(GraphEdgeSchema).max(GRAPH_LIMITS.maxEdges),
  /**
   * The project's reusable blocks (designer: Group, "My blocks"). Optional and additive, so it needs no new
   * format version: a document without it is unchanged, and an older Stride refuses a document that uses
   * one through its unknown `group` kind (GRAPH_UNKNOWN_KIND) instead of misreading it.
   */
  blocks: BlockLibrarySchema.optional(),
  meta: GraphMetaSchema.optional(),
});

export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type GraphDoc = z.infer<typeof GraphDocSchema>;
export type GraphMeta = z.infer<typeof GraphMetaSchema>;
