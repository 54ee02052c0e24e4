import type { GraphDoc, GraphEdge, GraphNode } from '../../../shared/graph/schema';
import { freshId, freshName } from './ids';

/** What Copy puts aside: the selected nodes and only the edges running between them. Plain JSON. */
export interface ClipboardContent {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export function copySelection(graph: Pick<GraphDoc, 'nodes' | 'edges'>, nodeIds: readonly string[]) {
  const ids = new Set(nodeIds);
  const content: ClipboardContent = {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
  // Deep copy through JSON: the clipboard must not alias nodes the document may later replace.
  return JSON.parse(JSON.stringify(content)) as ClipboardContent;
}

/**
 * Inserts a clipboard's content into a graph: every node and edge gets a fresh id (edges follow their nodes),
 * names are made unique, positions move by `offset`. Returns the new graph and the ids of the pasted nodes.
 */
export function pasteInto<G extends Pick<GraphDoc, 'nodes' | 'edges'>>(
  graph: G,
  content: ClipboardContent,
  offset: { readonly x: number; readonly y: number },
): { graph: G; nodeIds: string[] } {
  const takenIds = new Set<string>([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
  const takenNames = new Set(graph.nodes.map((n) => n.name));
  const remap = new Map<string, string>();
  const nodes: GraphNode[] = content.nodes.map((node) => {
    const id = freshId(node.kind, takenIds);
    takenIds.add(id);
    remap.set(node.id, id);
    const name = freshName(node.name, takenNames);
    takenNames.add(name);
    const copy = JSON.parse(JSON.stringify(node)) as GraphNode;
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
