import type { GraphEdge, GraphNode } from '../../graph/schema';

export const LAYOUT = { row: 120, column: 240 } as const;

/**
 * A layered top-to-bottom layout for imported graphs (the designer can refine it with ELK): each node goes one
 * row below its lowest input (longest path from the input), nodes of a row are ordered by the mean column of
 * their inputs (one barycentre sweep) and the row is centred on x = 0. Linear in nodes + edges; nodes arrive
 * in topological order (the importer guarantees it), so one pass assigns the rows.
 */
export function layeredLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphNode[] {
  const inputs = new Map<string, string[]>();
  for (const e of edges) (inputs.get(e.target) ?? inputs.set(e.target, []).get(e.target))?.push(e.source);
  const row = new Map<string, number>();
  for (const n of nodes) {
    const rows = (inputs.get(n.id) ?? []).map((s) => (row.get(s) ?? 0) + 1);
    row.set(n.id, rows.length === 0 ? 0 : Math.max(...rows));
  }
  const rows: string[][] = [];
  for (const n of nodes) (rows[row.get(n.id) as number] ??= []).push(n.id);
  const x = new Map<string, number>();
  for (const ids of rows) {
    if (ids === undefined) continue;
    const keyed = ids.map((id, i) => {
      const from = (inputs.get(id) ?? []).map((s) => x.get(s) ?? 0);
      return { id, key: from.length === 0 ? i : from.reduce((a, b) => a + b, 0) / from.length, i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    const width = (keyed.length - 1) * LAYOUT.column;
    keyed.forEach((k, i) => x.set(k.id, i * LAYOUT.column - width / 2));
  }
  return nodes.map((n) => ({
    ...n,
    position: { x: x.get(n.id) ?? 0, y: (row.get(n.id) ?? 0) * LAYOUT.row },
  }));
}
