import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { parseJsonText } from '../../shared/graph/json-text';
import { writeFileAtomic } from './atomic';
import { readRegularFile } from './regular-file';

/** Settings-sized files: anything larger is not one of ours. */
export const MAX_STORE_BYTES = 4 * 1024 * 1024;

/** A small JSON file of ours, or null when it is missing, not a regular file, too large or not JSON. */
export async function readSmallJson(path: string): Promise<unknown> {
  try {
    const parsed = parseJsonText((await readRegularFile(path, MAX_STORE_BYTES)).toString('utf8'), path);
    return parsed.ok ? parsed.value : null;
  } catch {
    return null;
  }
}

/**
 * A small JSON file in the user data folder, validated on every read: a corrupt or foreign file reads as the
 * fallback instead of breaking the app, and writes are atomic and serialized (no lost update between two
 * concurrent calls in this process).
 */
export class JsonStore<S extends z.ZodType> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly schema: S,
    private readonly fallback: () => z.output<S>,
  ) {}

  async read(): Promise<z.output<S>> {
    const parsed = this.schema.safeParse(await readSmallJson(this.path));
    return parsed.success ? parsed.data : this.fallback();
  }

  /** Read-modify-write, one at a time. */
  update(change: (current: z.output<S>) => z.output<S>): Promise<z.output<S>> {
    const next = this.queue.then(async () => {
      const value = change(await this.read());
      await fs.mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
      return value;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
