import type { GraphEdge } from './schema';
import { MinHeap } from './min-heap';

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
  const heap = new MinHeap();
  const ids = [...index.keys()];
  const idAt = new Map<number, string>(ids.map((id) => [index.get(id) as number, id]));
  for (const id of ids) {
    const inbound = (inputsOf.get(id) ?? []).filter((e) => !virtual.has(e.source)).length;
    pending.set(id, inbound);
    if (inbound === 0) heap.push(index.get(id) as number);
  }
  const order: string[] = [];
  while (heap.size > 0) {
    const id = idAt.get(heap.pop()) as string;
    order.push(id);
    for (const next of outputsOf.get(id) ?? []) {
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left === 0) heap.push(index.get(next) as number);
    }
  }
  return order;
}
