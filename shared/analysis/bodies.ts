import type { BlockDef, BlockLibrary, GraphNode, SubGraph } from '../graph/schema';
import type { Topology } from '../graph/topology';
import type { LayerKindDef } from '../layers/types';
import type { Flow } from './primitive';
import type { BlockMemo } from './block-memo';
import { computeTopology } from '../graph/topology';
import { GROUP_KIND, groupNotation } from '../graph/library';
import { blockEntry } from '../graph/schema';
import { BODY_INPUT_ID } from '../layers/common/body';

/**
 * Caches shared by one analyzer across its blocks: a ResNet-152 has 50 blocks but only a handful of distinct
 * (params, input) combinations, so each distinct default body is generated, wired and validated once, and
 * each body is walked once per distinct input (`blocks`; the other uses are copies).
 */
export interface WalkCache {
  readonly bodies: Map<string, SubGraph>;
  readonly topologies: WeakMap<SubGraph, Topology>;
  readonly blocks: BlockMemo;
}

/** What a walk reads besides the node and its inputs: the caches and the document's block library. */
export interface WalkEnv {
  readonly cache: WalkCache;
  readonly blocks: BlockLibrary;
}

/**
 * The library entries (by identity, undefined when missing) an outcome was computed from. A memoised outcome
 * stays valid while every one of them is unchanged; null when the outcome read none (almost every node).
 */
export type LibraryUses = ReadonlyMap<string, BlockDef | undefined> | null;

export function libraryCurrent(uses: LibraryUses, blocks: BlockLibrary): boolean {
  if (uses === null) return true;
  for (const [id, entry] of uses) if (blockEntry(blocks, id) !== entry) return false;
  return true;
}

export type BodySource =
  | { readonly ok: true; readonly body: SubGraph; readonly notation?: string; readonly blockId?: string }
  | {
      readonly ok: false;
      readonly code: 'BLOCK_NOT_FOUND' | 'BLOCK_RECURSIVE';
      readonly message: string;
      readonly fix: string;
    };

const MAX_BODIES = 512;

/**
 * A block's body: a user block's library entry (recorded in `uses`; refused when missing or when it contains
 * itself, `stack` being the library blocks being expanded around it), else the edited `node.body`, else the
 * body the kind generates from its params and input shape.
 */
export function resolveBody(
  node: GraphNode,
  def: LayerKindDef,
  params: Record<string, unknown>,
  input: Flow,
  env: WalkEnv,
  stack: readonly string[],
  uses: Map<string, BlockDef | undefined>,
): BodySource {
  if (def.kind === GROUP_KIND) {
    const id = String(params.blockId);
    const entry = blockEntry(env.blocks, id);
    uses.set(id, entry);
    if (entry === undefined) {
      return {
        ok: false,
        code: 'BLOCK_NOT_FOUND',
        message:
          id === ''
            ? `'${node.name}' names no block definition.`
            : `'${node.name}' uses the block '${id}', which is not in this network's block library.`,
        fix: 'Delete it and place a block from “My blocks” instead.',
      };
    }
    if (stack.includes(id)) {
      return {
        ok: false,
        code: 'BLOCK_RECURSIVE',
        message: `the block '${entry.name}' contains itself (${[...stack, id].join(' → ')}).`,
        fix: `Remove the use of '${entry.name}' from its own definition.`,
      };
    }
    return { ok: true, body: entry.body, notation: groupNotation(entry), blockId: id };
  }
  if (node.body !== undefined) return { ok: true, body: node.body };
  const { cache } = env;
  const key = `${def.kind}|${JSON.stringify(params)}|${input.shape === null ? '?' : input.shape.join('x')}`;
  let body = cache.bodies.get(key);
  if (body === undefined) {
    body = def.expand?.(params, input.shape) ?? { nodes: [], edges: [] };
    if (cache.bodies.size >= MAX_BODIES) cache.bodies.clear();
    cache.bodies.set(key, body);
  }
  return { ok: true, body };
}

export function topologyOf(body: SubGraph, cache: WalkCache): Topology {
  let topo = cache.topologies.get(body);
  if (topo === undefined) {
    topo = computeTopology(body.nodes, body.edges, { virtualSources: [BODY_INPUT_ID], requireInput: false });
    cache.topologies.set(body, topo);
  }
  return topo;
}
