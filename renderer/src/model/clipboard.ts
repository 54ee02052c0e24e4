import type { BlockDef, GraphDoc, GraphEdge, GraphNode } from '../../../shared/graph/schema';
import { mergeBlocks, remapBlockRefs, usedBlocks } from '../../../shared/graph/library';
import { freshId, freshName } from './ids';

/**
 * What Copy puts aside: the selected nodes, only the edges running between them, and the library blocks the
 * nodes use (so a user block pasted into another network brings its definition along). Plain JSON.
 */
export interface ClipboardContent {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly blocks?: Readonly<Record<string, BlockDef>>;
}

export function copySelection(
  graph: Pick<GraphDoc, 'nodes' | 'edges' | 'blocks'>,
  nodeIds: readonly string[],
): ClipboardContent {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const blocks = usedBlocks(graph.blocks, { nodes, edges });
  const content: ClipboardContent =
    Object.keys(blocks).length > 0 ? { nodes, edges, blocks } : { nodes, edges };
  // Deep copy through JSON: the clipboard must not alias nodes the document may later replace.
  return JSON.parse(JSON.stringify(content)) as ClipboardContent;
}

/**
 * Inserts a clipboard's content into a graph: every node and edge gets a fresh id (edges follow their nodes),
 * names are made unique, positions move by `offset`. The library blocks it uses join the graph's library (an
 * equal definition is shared; a different one under a taken id is renamed, and the pasted nodes follow).
 * Returns the new graph and the ids of the pasted nodes.
 */
export function pasteInto(
  target: GraphDoc,
  content: ClipboardContent,
  offset: { readonly x: number; readonly y: number },
): { graph: GraphDoc; nodeIds: string[] } {
  const merged = content.blocks === undefined ? null : mergeBlocks(target, content.blocks);
  const graph = merged?.doc ?? target;
  const blockIds = merged?.remap ?? new Map<string, string>();
  const takenIds = new Set<string>([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
  const takenNames = new Set(graph.nodes.map((n) => n.name));
  const remap = new Map<string, string>();
  const nodes: GraphNode[] = content.nodes.map((node) => {
    const id = freshId(node.kind, takenIds);
    takenIds.add(id);
    remap.set(node.id, id);
    const name = freshName(node.name, takenNames);
    takenNames.add(name);
    const copy = remapBlockRefs(
      { nodes: [JSON.parse(JSON.stringify(node)) as GraphNode], edges: [] },
      blockIds,
    ).nodes[0] as GraphNode;
    return { ...copy, id, name, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } };
  });
  const edges: GraphEdge[] = [];
  for (const edge of content.edges) {
    const source = remap.get(edge.source);
    const target = remap.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = freshId('e', takenIds);
    takenIds.add(id);
    edges.push({ ...edge, id, source, target });
  }
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
  };
}
