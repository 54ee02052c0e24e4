import type { Diagnostic } from '../analysis/types';
import type { GraphEdge } from './schema';
import type { TopoNode } from './topology';

/** Is there a path from → … → to along the edges? (Wiring to → from would then close a loop.) */
export function reaches(edges: readonly GraphEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) (next.get(e.source) ?? next.set(e.source, []).get(e.source))?.push(e.target);
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

/** One GRAPH_CYCLE per strongly connected component left over by Kahn, naming its first node. */
export function cycles(
  nodes: readonly TopoNode[],
  index: ReadonlyMap<string, number>,
  inputsOf: ReadonlyMap<string, readonly GraphEdge[]>,
  done: ReadonlySet<string>,
  label: (id: string) => string,
): Diagnostic[] {
  const left = [...index.keys()].filter((id) => !done.has(id));
  const leftSet = new Set(left);
  const succ = new Map<string, string[]>();
  for (const id of left) {
    for (const e of inputsOf.get(id) ?? []) {
      if (leftSet.has(e.source)) (succ.get(e.source) ?? succ.set(e.source, []).get(e.source))?.push(id);
    }
  }
  const out: Diagnostic[] = [];
  const components = stronglyConnected(left, succ).map((scc) =>
    scc.sort((a, b) => (index.get(a) as number) - (index.get(b) as number)),
  );
  components.sort((a, b) => (index.get(a[0] as string) as number) - (index.get(b[0] as string) as number));
  for (const scc of components) {
    const first = scc[0] as string;
    const selfLoop = (succ.get(first) ?? []).includes(first);
    if (scc.length === 1 && !selfLoop) continue;
    const path = shortestCycle(first, new Set(scc), succ);
    const names = path.map((id) => nodes[index.get(id) as number]?.name || id).join(' → ');
    out.push({
      code: 'GRAPH_CYCLE',
      severity: 'error',
      nodeId: first,
      message: `${label(first)} is part of a cycle: ${names}.`,
      fix: 'Remove one wire of the loop: data must flow one way.',
    });
  }
  return out;
}

/** Tarjan's strongly connected components, iterative (a 20,000-node loop must not overflow the stack). */
function stronglyConnected(ids: readonly string[], succ: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const num = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const root of ids) {
    if (num.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [string, number];
      const [v, i] = frame;
      if (i === 0) {
        num.set(v, counter);
        low.set(v, counter);
        counter += 1;
        stack.push(v);
        onStack.add(v);
      }
      const next = succ.get(v) ?? [];
      if (i < next.length) {
        frame[1] = i + 1;
        const w = next[i] as string;
        if (!num.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, num.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) === num.get(v)) {
        const scc: string[] = [];
        for (;;) {
          const w = stack.pop() as string;
          onStack.delete(w);
          scc.push(w);
          if (w === v) break;
        }
        result.push(scc);
      }
    }
  }
  return result;
}

/** first → … → first, the shortest way round inside its component (breadth first). */
function shortestCycle(
  first: string,
  within: ReadonlySet<string>,
  succ: ReadonlyMap<string, readonly string[]>,
): string[] {
  const parent = new Map<string, string>();
  const queue = [first];
  for (let head = 0; head < queue.length; head += 1) {
    const v = queue[head] as string;
    for (const w of succ.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === first) {
        const path = [first];
        for (let at: string | undefined = v; at !== undefined && at !== first; at = parent.get(at))
          path.push(at);
        path.push(first);
        return [path[0] as string, ...path.slice(1, -1).reverse(), first];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [first, first];
}
