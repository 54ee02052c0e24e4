import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic';

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
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch {
      return this.fallback();
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : this.fallback();
    } catch {
      return this.fallback();
    }
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
