/**
 * A binary min-heap of non-negative integers (positions or document indices): the topological sort and the
 * incremental analyzer both take "the earliest ready node next" from one, which keeps their orders
 * deterministic and in document order where the wiring allows.
 */
export class MinHeap {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(value: number): void {
    const h = this.heap;
    h.push(value);
    for (let c = h.length - 1; c > 0;) {
      const parent = (c - 1) >> 1;
      if ((h[parent] as number) <= value) break;
      h[c] = h[parent] as number;
      h[parent] = value;
      c = parent;
    }
  }

  /** The smallest value, removed (the heap must not be empty). */
  pop(): number {
    const h = this.heap;
    const top = h[0] as number;
    const last = h.pop() as number;
    if (h.length > 0) {
      h[0] = last;
      for (let c = 0; ;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < h.length && (h[l] as number) < (h[m] as number)) m = l;
        if (r < h.length && (h[r] as number) < (h[m] as number)) m = r;
        if (m === c) break;
        [h[c], h[m]] = [h[m] as number, h[c] as number];
        c = m;
      }
    }
    return top;
  }
}
