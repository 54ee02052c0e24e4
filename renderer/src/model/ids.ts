/** Fresh ids and names that do not collide with what a graph already holds. */

/** `conv2d` + taken {conv2d_1, conv2d_2} → `conv2d_3`. Ids keep to the schema's `[A-Za-z0-9_.:-]` alphabet. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 100) || 'node';
  for (let n = 1; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A display name for a copy: `conv1` stays `conv1` when free, otherwise `conv1_2`, `conv1_3`, ... (a trailing
 * `_N` is replaced, not stacked, so copies of copies stay readable).
 */
export function freshName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const stem = name.replace(/_\d+$/, '');
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
