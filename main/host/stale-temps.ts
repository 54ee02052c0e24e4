import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './atomic';
import { pidRuns } from './pid';

/** `.<name>.<pid>-<12 hex>.stride-tmp`, as tempPathFor names them. */
const TEMP_NAME = /\.(\d+)-[0-9a-f]{12}\.stride-tmp$/;

/** The pid that wrote a temp file, or null when the name is not one of ours. */
export function tempWriter(name: string): number | null {
  if (!name.endsWith(TEMP_SUFFIX)) return null;
  const match = TEMP_NAME.exec(name);
  return match === null ? null : Number(match[1]);
}

/**
 * Removes the temp files an atomic write leaves when its process is killed between writing the temp file and
 * renaming it (kill -9, power cut). Only files whose writer is no longer running: another live Stride may be
 * mid-save in the same folder. Missing folders are fine. Returns the removed paths.
 */
export async function removeStaleTemps(
  dirs: readonly string[],
  isAlive: (pid: number) => boolean = (pid) => pid === process.pid || pidRuns(pid),
): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const writer = tempWriter(entry.name);
      if (writer === null || isAlive(writer)) continue;
      const path = join(dir, entry.name);
      await fs.rm(path, { force: true }).catch(() => undefined);
      removed.push(path);
    }
  }
  return removed;
}
