import { join } from 'node:path';
import { z } from 'zod';
import { RecentEntrySchema } from '../../shared/api/ns/project';
import { JsonStore } from './json-store';
import { isRegularFile } from './regular-file';

export const MAX_RECENT = 12;

const RecentFileSchema = z.object({ version: z.literal(1), entries: z.array(RecentEntrySchema) });
type RecentEntry = z.infer<typeof RecentEntrySchema>;

/** The recent-projects list (dataDir/recent.json), newest first, without duplicates or vanished files. */
export class RecentList {
  private readonly store: JsonStore<typeof RecentFileSchema>;

  constructor(
    dataDir: string,
    private readonly now: () => Date,
  ) {
    this.store = new JsonStore(join(dataDir, 'recent.json'), RecentFileSchema, () => ({
      version: 1 as const,
      entries: [],
    }));
  }

  async list(): Promise<RecentEntry[]> {
    const { entries } = await this.store.read();
    const present = await Promise.all(entries.map((entry) => isRegularFile(entry.path)));
    return entries.filter((_entry, index) => present[index] === true);
  }

  async touch(path: string, name: string): Promise<void> {
    await this.store.update((current) => ({
      version: 1,
      entries: [
        { path, name, openedAt: this.now().toISOString() },
        ...current.entries.filter((entry) => entry.path !== path),
      ].slice(0, MAX_RECENT),
    }));
  }
}
