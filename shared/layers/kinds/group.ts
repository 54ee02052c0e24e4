import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { blockEntry } from '../../graph/schema';

export const GroupParamsSchema = z.strictObject({
  /** The library entry (`doc.blocks[blockId]`) that defines this block; '' until one is chosen. */
  blockId: z.string().max(128),
});
export type GroupParams = z.infer<typeof GroupParamsSchema>;

/**
 * A user-defined block: layers grouped on the canvas (Ctrl+G) into one node. Its definition is an entry of
 * the document's block library, so every node using the same `blockId` shares one body — edit it once, and
 * each use changes. Like Inception and Residual it is analysed, trained and exported through the primitives
 * of that body (parts `<node>/<part>`); the analysis reports a missing entry (BLOCK_NOT_FOUND) and a block
 * that contains itself (BLOCK_RECURSIVE).
 */
export const group: LayerKindDef<GroupParams> = {
  kind: 'group',
  label: 'Block',
  category: 'blocks',
  description: 'A reusable block of your own: layers grouped into one node, defined once in the library.',
  params: GroupParamsSchema,
  defaults: { blockId: '' },
  fields: [],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => (p.blockId === '' ? 'Block (no definition)' : `Block ${p.blockId}`),
  expand(p, _input, blocks) {
    return blockEntry(blocks, p.blockId)?.body ?? { nodes: [], edges: [] };
  },
};
