/**
 * A read-only map that is a base map plus replaced values, for the incremental analyzer: an edit touching 3
 * nodes of 5,000 produces a new `nodes` map in O(3) instead of copying 5,000 entries. Only values of existing
 * keys are replaced (the wiring, hence the key set, is unchanged between such updates). It is a ReadonlyMap,
 * not a Map: to send an analysis elsewhere, send the document and analyse it there.
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overrides: ReadonlyMap<K, V>,
  ) {}

  /** `previous` with `changes` applied; flattens into a plain Map once the overrides grow past a quarter. */
  static with<K, V>(previous: ReadonlyMap<K, V>, changes: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
    const base = previous instanceof OverlayMap ? (previous.base as ReadonlyMap<K, V>) : previous;
    const overrides = new Map(
      previous instanceof OverlayMap ? (previous.overrides as ReadonlyMap<K, V>) : [],
    );
    for (const [k, v] of changes) overrides.set(k, v);
    if (overrides.size * 4 > base.size) {
      const flat = new Map(base);
      for (const [k, v] of overrides) flat.set(k, v);
      return flat;
    }
    return new OverlayMap(base, overrides);
  }

  get size(): number {
    return this.base.size;
  }
  get(key: K): V | undefined {
    return this.overrides.has(key) ? this.overrides.get(key) : this.base.get(key);
  }
  has(key: K): boolean {
    return this.base.has(key);
  }
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this) callback(v, k, this);
  }
  *entries(): MapIterator<[K, V]> {
    for (const k of this.base.keys()) yield [k, this.get(k) as V];
  }
  keys(): MapIterator<K> {
    return this.base.keys();
  }
  *values(): MapIterator<V> {
    for (const k of this.base.keys()) yield this.get(k) as V;
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
