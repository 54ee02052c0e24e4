import type { GraphDoc, GraphEdge, GraphNode, SubGraph } from '../../../shared/graph/schema';
import { BLOCK_INPUT_ID } from './core';
import { freshId, freshName } from './ids';

/**
 * Ungroup: replaces a block node by its branches, inline. Parts get ids `<block>/<part>` (the names the
 * analysis gives expanded parts, so shapes and diagnostics read the same before and after), edges from the
 * block's input are rewired to whatever fed the block, and the block's consumers are fed by the body's output
 * (its only node without outgoing edges). Returns null when the body has no single output. With `keepIds`
 * (a user block, whose parts were layers of this graph before Group) parts keep their own ids and names
 * where those are free, so Group then Ungroup gives the layers back as they were.
 */
export function explodeBlock(
  doc: GraphDoc,
  blockId: string,
  body: SubGraph,
  opts: { readonly keepIds?: boolean } = {},
): { doc: GraphDoc; nodeIds: string[] } | null {
  const block = doc.nodes.find((n) => n.id === blockId);
  if (block === undefined) return null;
  const sinks = body.nodes.filter((n) => !body.edges.some((e) => e.source === n.id));
  const output = sinks[0];
  if (sinks.length !== 1 || output === undefined) return null;

  const takenIds = new Set<string>([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const takenNames = new Set(doc.nodes.map((n) => n.name));
  const remap = new Map<string, string>();
  const top = Math.min(...body.nodes.map((n) => n.position.y));
  const left = Math.min(...body.nodes.map((n) => n.position.x));
  const keep = opts.keepIds === true;
  const parts: GraphNode[] = body.nodes.map((part) => {
    let id = keep && !takenIds.has(part.id) ? part.id : `${block.id}/${part.id}`.slice(0, 128);
    if (takenIds.has(id)) id = freshId(`${block.id}_${part.id}`.replace(/\//g, '_'), takenIds);
    takenIds.add(id);
    remap.set(part.id, id);
    const name =
      keep && !takenNames.has(part.name)
        ? part.name
        : freshName(`${block.name}_${part.name}`.replace(/\//g, '_'), takenNames);
    takenNames.add(name);
    return {
      ...part,
      id,
      name,
      position: {
        x: block.position.x + part.position.x - left,
        y: block.position.y + part.position.y - top,
      },
    };
  });

  const feeding = doc.edges.filter((e) => e.target === blockId);
  const edges: GraphEdge[] = [];
  const edgeId = () => {
    const id = freshId('e', takenIds);
    takenIds.add(id);
    return id;
  };
  for (const e of body.edges) {
    const target = remap.get(e.target);
    if (target === undefined) continue;
    if (e.source === BLOCK_INPUT_ID) {
      for (const f of feeding)
        edges.push({ id: edgeId(), source: f.source, target, targetPort: e.targetPort });
    } else {
      const source = remap.get(e.source);
      if (source !== undefined) edges.push({ id: edgeId(), source, target, targetPort: e.targetPort });
    }
  }
  const outputId = remap.get(output.id) as string;
  const kept = doc.edges
    .filter((e) => e.target !== blockId)
    .map((e) => (e.source === blockId ? { ...e, source: outputId } : e));
  return {
    doc: {
      ...doc,
      nodes: [...doc.nodes.filter((n) => n.id !== blockId), ...parts],
      edges: [...kept, ...edges],
    },
    nodeIds: parts.map((p) => p.id),
  };
}
