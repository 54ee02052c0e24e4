import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The file-system steps of an atomic write, injectable so tests can fail any one of them. The sequence is
 * the classic one: write a temp file in the same folder, fsync it, rename it over the target, fsync the folder.
 * A crash at any point leaves either the old file or the new one, never a truncated mix.
 */
export interface AtomicWriteOps {
  writeTemp(path: string, data: Uint8Array, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
  unlink(path: string): Promise<void>;
  modeOf(path: string): Promise<number | null>;
}

export const nodeAtomicOps: AtomicWriteOps = {
  async writeTemp(path, data, mode) {
    // 'wx': never follow or reuse an existing file at the temp name.
    const handle = await fs.open(path, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  async syncDir(dir) {
    // Makes the rename itself durable. Windows cannot open a folder for fsync; NTFS journals the rename.
    if (process.platform === 'win32') return;
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  unlink: (path) => fs.unlink(path),
  async modeOf(path) {
    try {
      return (await fs.stat(path)).mode & 0o777;
    } catch {
      return null;
    }
  },
};

export const TEMP_SUFFIX = '.stride-tmp';

/** Temp files are hidden and carry a suffix no listing shows, so a crash leftover never looks like a project. */
export function tempPathFor(target: string): string {
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return join(dirname(target), `.${basename(target)}.${tag}${TEMP_SUFFIX}`);
}

export interface AtomicWriteOptions {
  /** Permission bits for a new file (an existing file keeps its own). */
  readonly mode?: number;
  readonly ops?: AtomicWriteOps;
}

export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const ops = options.ops ?? nodeAtomicOps;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const mode = (await ops.modeOf(target)) ?? options.mode ?? 0o666;
  const temp = tempPathFor(target);
  try {
    await ops.writeTemp(temp, bytes, mode);
    await ops.rename(temp, target);
  } catch (error) {
    await ops.unlink(temp).catch(() => undefined);
    throw error;
  }
  // The new file is complete and in place; a folder that cannot be fsynced (some network file systems) only
  // weakens durability across a power cut, so it must not turn a finished save into a reported failure.
  await ops.syncDir(dirname(target)).catch(() => undefined);
}
