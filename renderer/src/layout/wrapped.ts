import { GAP, NODE_SIZE, type Size, type XY } from './geometry';

/**
 * The wrapped layout: the network's ranks (longest path from the inputs) read top to bottom in columns, left
 * to right, like text in newspaper columns, so a long chain fills a wide window instead of a thin strip.
 * Columns break preferably where a downsampling stage begins (VGG's five blocks become five columns), and
 * otherwise where the column heights balance. Nodes of one rank sit side by side, ordered by where their
 * inputs are (one barycentre pass: enough for the branches a block body has). Pure: the canvas and the tests
 * call it with plain data.
 */
export interface LayoutGraph {
  readonly nodes: readonly { readonly id: string }[];
  readonly edges: readonly {
    readonly source: string;
    readonly target: string;
    readonly targetPort?: number;
  }[];
}

/** Longest-path rank of every node (inputs at 0); nodes on a cycle (an invalid graph) go after the rest. */
export function ranksOf(graph: LayoutGraph): Map<string, number> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const indegree = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of graph.nodes) indegree.set(n.id, 0);
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    const list = out.get(e.source);
    if (list === undefined) out.set(e.source, [e.target]);
    else list.push(e.target);
  }
  const rank = new Map<string, number>();
  const queue: string[] = [];
  for (const n of graph.nodes) if (indegree.get(n.id) === 0) queue.push(n.id);
  for (const id of queue) rank.set(id, 0);
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head] as string;
    const r = rank.get(id) ?? 0;
    for (const t of out.get(id) ?? []) {
      rank.set(t, Math.max(rank.get(t) ?? 0, r + 1));
      const left = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, left);
      if (left === 0) queue.push(t);
    }
  }
  let last = 0;
  for (const r of rank.values()) last = Math.max(last, r);
  for (const n of graph.nodes) if (!rank.has(n.id) || (indegree.get(n.id) ?? 0) > 0) rank.set(n.id, ++last);
  return rank;
}

/**
 * Where `columns` columns break the ranks 0..count-1: `count` ranks split into contiguous runs, each break
 * moved to the nearest stage boundary within a third of a column.
 */
export function columnBreaks(count: number, columns: number, stageOfRank: readonly number[] = []): number[] {
  const k = Math.max(1, Math.min(columns, count));
  const per = count / k;
  const window = Math.max(1, Math.floor(per / 3));
  const breaks: number[] = [];
  let previous = 0;
  for (let j = 1; j < k; j += 1) {
    const ideal = Math.round(j * per);
    let best = ideal;
    for (let d = 0; d <= window; d += 1) {
      const candidates = d === 0 ? [ideal] : [ideal - d, ideal + d];
      const hit = candidates.find(
        (r) =>
          r > previous && r < count && stageOfRank[r] !== undefined && stageOfRank[r] !== stageOfRank[r - 1],
      );
      if (hit !== undefined) {
        best = hit;
        break;
      }
    }
    best = Math.min(count - (k - j), Math.max(previous + 1, best));
    breaks.push(best);
    previous = best;
  }
  return breaks;
}

export function wrappedLayout(
  graph: LayoutGraph,
  opts: {
    columns: number;
    stageOf?: ReadonlyMap<string, number>;
    size?: Size;
    gap?: { x: number; y: number };
  },
): Map<string, XY> {
  const size = opts.size ?? NODE_SIZE;
  const gap = opts.gap ?? GAP;
  const rank = ranksOf(graph);
  const count = Math.max(0, ...rank.values()) + 1;
  const byRank: string[][] = Array.from({ length: count }, () => []);
  for (const n of graph.nodes) byRank[rank.get(n.id) ?? 0]?.push(n.id);
  const stageOfRank = byRank.map((ids) =>
    ids.reduce((m, id) => {
      const s = opts.stageOf?.get(id) ?? 0;
      // Head layers (level −1) come after every stage.
      return Math.max(m, s < 0 ? Number.MAX_SAFE_INTEGER : s);
    }, 0),
  );
  const breaks = columnBreaks(count, opts.columns, stageOfRank);
  const inputs = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = inputs.get(e.target);
    if (list === undefined) inputs.set(e.target, [e.source]);
    else list.push(e.source);
  }
  const positions = new Map<string, XY>();
  const starts = [0, ...breaks];
  const ends = [...breaks, count];
  let x = 0;
  starts.forEach((start, column) => {
    const end = ends[column] ?? count;
    const rows = byRank.slice(start, end);
    const widest = Math.max(1, ...rows.map((r) => r.length));
    const columnWidth = widest * size.width + (widest - 1) * gap.x;
    // Relative x inside the column, centred, each row ordered by the mean x of its inputs.
    const localX = new Map<string, number>();
    rows.forEach((ids, row) => {
      const keyed = ids.map((id, i) => {
        const xs = (inputs.get(id) ?? [])
          .map((s) => localX.get(s))
          .filter((v): v is number => v !== undefined);
        return { id, key: xs.length === 0 ? i : xs.reduce((a, b) => a + b, 0) / xs.length, i };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      const rowWidth = keyed.length * size.width + (keyed.length - 1) * gap.x;
      const left = (columnWidth - rowWidth) / 2;
      keyed.forEach(({ id }, i) => {
        const lx = left + i * (size.width + gap.x);
        localX.set(id, lx);
        positions.set(id, { x: x + lx, y: row * (size.height + gap.y) });
      });
    });
    x += columnWidth + gap.x;
  });
  return positions;
}
