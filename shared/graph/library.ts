import type { Result } from '../api/errors';
import {
  blockEntry,
  type BlockDef,
  type BlockLibrary,
  type GraphDoc,
  type GraphNode,
  type SubGraph,
} from './schema';
import { fail, ok } from '../api/errors';

/**
 * The document's block library (`doc.blocks`): reusable blocks defined once and placed as `group` nodes that
 * name their definition in `params.blockId`. Pure edits with structural sharing, like edit.ts.
 */
export const GROUP_KIND = 'group';

export const EMPTY_LIBRARY: BlockLibrary = Object.freeze({});

/** The library entry a group node names (undefined for other kinds or a dangling reference). */
export function blockOfNode(blocks: BlockLibrary | undefined, node: GraphNode): BlockDef | undefined {
  if (node.kind !== GROUP_KIND) return undefined;
  const id = node.params.blockId;
  return typeof id === 'string' ? blockEntry(blocks, id) : undefined;
}

/** `block_3`: the lowest free `<base>_<n>` among the library's ids. */
export function newBlockId(blocks: BlockLibrary | undefined, base = 'block'): string {
  for (let i = 1; ; i += 1) {
    const id = `${base}_${i}`;
    if (blockEntry(blocks, id) === undefined) return id;
  }
}

/** Adds or replaces the entry `id`. */
export function setBlock(doc: GraphDoc, id: string, def: BlockDef): GraphDoc {
  if (blockEntry(doc.blocks, id) === def) return doc;
  return { ...doc, blocks: { ...doc.blocks, [id]: def } };
}

export function renameBlock(doc: GraphDoc, id: string, name: string): GraphDoc {
  const entry = blockEntry(doc.blocks, id);
  if (entry === undefined || entry.name === name) return doc;
  return setBlock(doc, id, { ...entry, name });
}

/** Group nodes naming `id`, anywhere: the graph, edited block bodies, and other library entries. */
export function blockUses(doc: GraphDoc, id: string): number {
  const count = (graph: SubGraph, depth: number): number =>
    depth > 8
      ? 0
      : graph.nodes.reduce(
          (n, node) =>
            n +
            (node.kind === GROUP_KIND && node.params.blockId === id ? 1 : 0) +
            (node.body === undefined ? 0 : count(node.body, depth + 1)),
          0,
        );
  let uses = count(doc, 0);
  for (const [other, def] of Object.entries(doc.blocks ?? {})) if (other !== id) uses += count(def.body, 1);
  return uses;
}

/** Removes an unused entry; refuses (BLOCK_IN_USE) while a group node still names it. */
export function removeBlock(doc: GraphDoc, id: string): Result<GraphDoc> {
  const entry = blockEntry(doc.blocks, id);
  if (entry === undefined) return ok(doc);
  const uses = blockUses(doc, id);
  if (uses > 0) {
    return fail(
      'BLOCK_IN_USE',
      `The block '${entry.name}' is used ${uses === 1 ? 'once' : `${uses} times`}; ungroup or delete those uses first.`,
    );
  }
  const { [id]: _removed, ...rest } = doc.blocks ?? {};
  if (Object.keys(rest).length > 0) return ok({ ...doc, blocks: rest });
  const { blocks: _none, ...withoutLibrary } = doc;
  return ok(withoutLibrary);
}

/** How a user block reads on its node and in the summary: `conv-bn-relu · 3 layers`. */
export function groupNotation(def: BlockDef): string {
  const n = def.body.nodes.length;
  return `${def.name} · ${n} layer${n === 1 ? '' : 's'}`;
}

/**
 * Does the definition `outer` use `inner` (or is it `inner`), at any depth? Placing `outer` inside the
 * definition of `inner` would make a block that contains itself.
 */
export function blockContains(blocks: BlockLibrary | undefined, outer: string, inner: string): boolean {
  const seen = new Set<string>();
  const visit = (id: string): boolean => {
    if (id === inner) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const uses = (graph: SubGraph): boolean =>
      graph.nodes.some(
        (n) =>
          (n.kind === GROUP_KIND && typeof n.params.blockId === 'string' && visit(n.params.blockId)) ||
          (n.body !== undefined && uses(n.body)),
      );
    const entry = blockEntry(blocks, id);
    return entry !== undefined && uses(entry.body);
  };
  return visit(outer);
}

/** Every group node's block id in `graph`, edited bodies included. */
function referencedIds(graph: SubGraph, out: Set<string>): Set<string> {
  for (const n of graph.nodes) {
    if (n.kind === GROUP_KIND && typeof n.params.blockId === 'string') out.add(n.params.blockId);
    if (n.body !== undefined) referencedIds(n.body, out);
  }
  return out;
}

/** The library entries `graph` uses, and those they use in turn (what a copy must take along). */
export function usedBlocks(blocks: BlockLibrary | undefined, graph: SubGraph): Record<string, BlockDef> {
  const out: Record<string, BlockDef> = {};
  const queue = [...referencedIds(graph, new Set())];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const entry = blockEntry(blocks, id);
    if (entry === undefined || Object.hasOwn(out, id)) continue;
    out[id] = entry;
    queue.push(...referencedIds(entry.body, new Set()));
  }
  return out;
}

/** `graph` with every group node's block id renamed through `remap` (edited bodies included). */
export function remapBlockRefs<G extends SubGraph>(graph: G, remap: ReadonlyMap<string, string>): G {
  if (remap.size === 0) return graph;
  const nodes = graph.nodes.map((n) => {
    const id = n.params.blockId;
    const renamed =
      n.kind === GROUP_KIND && typeof id === 'string' && remap.has(id)
        ? { ...n, params: { ...n.params, blockId: remap.get(id) as string } }
        : n;
    return renamed.body === undefined ? renamed : { ...renamed, body: remapBlockRefs(renamed.body, remap) };
  });
  return { ...graph, nodes };
}

/**
 * Brings library entries from elsewhere (a paste from another network) into `doc`'s library. An entry equal
 * to the one `doc` has under the same id is shared; a different one under a taken id gets a fresh id, and
 * `remap` says which (apply it to the pasted nodes with remapBlockRefs).
 */
export function mergeBlocks(
  doc: GraphDoc,
  entries: Readonly<Record<string, BlockDef>>,
): { doc: GraphDoc; remap: Map<string, string> } {
  const remap = new Map<string, string>();
  const incoming = Object.entries(entries);
  const taken: Record<string, BlockDef> = { ...doc.blocks };
  for (const [id, def] of incoming) {
    const mine = blockEntry(taken, id);
    if (mine === undefined || mine === def || JSON.stringify(mine) === JSON.stringify(def)) continue;
    const fresh = newBlockId(taken, id);
    taken[fresh] = def;
    remap.set(id, fresh);
  }
  let next = doc;
  for (const [id, def] of incoming) {
    const target = remap.get(id) ?? id;
    if (blockEntry(next.blocks, target) !== undefined && !remap.has(id)) continue;
    next = setBlock(next, target, { ...def, body: remapBlockRefs(def.body, remap) });
  }
  return { doc: next, remap };
}
