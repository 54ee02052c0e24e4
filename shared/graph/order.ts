import type { GraphEdge } from './schema';

/**
 * Kahn's topological order. Ready nodes leave in document order (a binary heap on the index), so a summary
 * lists layers in the order they were added whenever the wiring allows it. Nodes on or after a cycle are
 * left out.
 */
export function kahn(
  index: ReadonlyMap<string, number>,
  inputsOf: ReadonlyMap<string, readonly GraphEdge[]>,
  outputsOf: ReadonlyMap<string, readonly string[]>,
  virtual: ReadonlySet<string>,
): string[] {
  const pending = new Map<string, number>();
  const heap: number[] = [];
  const ids = [...index.keys()];
  const idAt = new Map<number, string>(ids.map((id) => [index.get(id) as number, id]));
  const push = (i: number) => {
    heap.push(i);
    for (let c = heap.length - 1; c > 0;) {
      const p = (c - 1) >> 1;
      if ((heap[p] as number) <= i) break;
      heap[c] = heap[p] as number;
      heap[p] = i;
      c = p;
    }
  };
  const pop = (): number => {
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      for (let c = 0; ;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heap.length && (heap[l] as number) < (heap[m] as number)) m = l;
        if (r < heap.length && (heap[r] as number) < (heap[m] as number)) m = r;
        if (m === c) break;
        [heap[c], heap[m]] = [heap[m] as number, heap[c] as number];
        c = m;
      }
    }
    return top;
  };
  for (const id of ids) {
    const inbound = (inputsOf.get(id) ?? []).filter((e) => !virtual.has(e.source)).length;
    pending.set(id, inbound);
    if (inbound === 0) push(index.get(id) as number);
  }
  const order: string[] = [];
  while (heap.length > 0) {
    const id = idAt.get(pop()) as string;
    order.push(id);
    for (const next of outputsOf.get(id) ?? []) {
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left === 0) push(index.get(next) as number);
    }
  }
  return order;
}
