import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import type { ProjectFile } from '../../shared/graph/project';
import { writeFileAtomic } from './atomic';
import { readProjectFile, serializeProject } from './project-codec';

const MetaSchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  path: z.string().nullable(),
  savedAt: z.string(),
  instance: z.string(),
  pid: z.number().int(),
});
type Meta = z.infer<typeof MetaSchema>;
const InstanceSchema = z.object({ pid: z.number().int(), startedAt: z.string() });

export interface Recoverable {
  sessionId: string;
  name: string;
  savedAt: string;
  path: string | null;
}

/**
 * Crash recovery. Layout of dataDir/autosave/:
 *   <sessionId>.stride.json   the project as last autosaved (an ordinary project file)
 *   <sessionId>.meta.json     who wrote it: session, host instance, pid, original path, time
 *   instances/<id>.json       "this host is running" marker, removed on clean exit (close())
 * An autosave exists while its session has unsaved work: the renderer discards it after a save or an explicit
 * "don't save". It is offered back (recoverable) once no live session owns it: its window or tab closed
 * (this host), or its host exited without closing cleanly (marker left, pid gone), or stopped with work unsaved.
 */
export class AutosaveStore {
  readonly instance = randomBytes(8).toString('hex');
  private readonly dir: string;
  /** Sessions of this host whose window/connection is still open: sessionId → senderId. */
  private readonly live = new Map<string, string>();
  private markerWritten = false;

  constructor(
    dataDir: string,
    private readonly now: () => Date,
  ) {
    this.dir = join(dataDir, 'autosave');
  }

  private projectPath(sessionId: string): string {
    return join(this.dir, `${sessionId}.stride.json`);
  }
  private metaPath(sessionId: string): string {
    return join(this.dir, `${sessionId}.meta.json`);
  }
  private markerPath(instance: string): string {
    return join(this.dir, 'instances', `${instance}.json`);
  }

  async save(
    sessionId: string,
    senderId: string,
    path: string | null,
    project: ProjectFile,
  ): Promise<string> {
    await this.writeMarker();
    const savedAt = this.now().toISOString();
    const meta: Meta = {
      sessionId,
      name: project.graph.name,
      path,
      savedAt,
      instance: this.instance,
      pid: process.pid,
    };
    this.live.set(sessionId, senderId);
    const text = serializeProject(project, `The autosave of ${project.graph.name}`);
    await writeFileAtomic(this.projectPath(sessionId), text, { mode: 0o600 });
    await writeFileAtomic(this.metaPath(sessionId), `${JSON.stringify(meta)}\n`, { mode: 0o600 });
    return savedAt;
  }

  /** A window or connection went away: its sessions become recoverable (if they still have an autosave). */
  senderClosed(senderId: string): void {
    for (const [sessionId, owner] of this.live) if (owner === senderId) this.live.delete(sessionId);
  }

  async recoverable(): Promise<Recoverable[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const found: Recoverable[] = [];
    const instanceAlive = new Map<string, Promise<boolean>>();
    for (const name of names) {
      if (!name.endsWith('.meta.json')) continue;
      const meta = await this.readMeta(join(this.dir, name));
      if (meta === null || this.live.has(meta.sessionId)) continue;
      if (meta.instance !== this.instance) {
        let alive = instanceAlive.get(meta.instance);
        if (alive === undefined) {
          alive = this.isInstanceAlive(meta.instance);
          instanceAlive.set(meta.instance, alive);
        }
        if (await alive) continue;
      }
      if (!(await isFile(this.projectPath(meta.sessionId)))) continue;
      found.push({ sessionId: meta.sessionId, name: meta.name, savedAt: meta.savedAt, path: meta.path });
    }
    await this.pruneMarkers(names);
    return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Markers of hosts that died and left no autosave behind are noise: remove them. */
  private async pruneMarkers(names: readonly string[]): Promise<void> {
    const referenced = new Set<string>([this.instance]);
    for (const name of names) {
      if (!name.endsWith('.meta.json')) continue;
      const meta = await this.readMeta(join(this.dir, name));
      if (meta !== null) referenced.add(meta.instance);
    }
    const markers = await fs.readdir(join(this.dir, 'instances')).catch(() => [] as string[]);
    for (const marker of markers) {
      const instance = marker.replace(/\.json$/, '');
      if (referenced.has(instance) || (await this.isInstanceAlive(instance))) continue;
      await fs.rm(this.markerPath(instance), { force: true });
    }
  }

  async recover(sessionId: string): Promise<{ project: ProjectFile; path: string | null }> {
    const meta = await this.readMeta(this.metaPath(sessionId));
    if (meta === null)
      throw new StrideFailure(ProjectErrorCode.noAutosave, `There is no autosave for session ${sessionId}.`);
    const project = await readProjectFile(this.projectPath(sessionId));
    return { project, path: meta.path };
  }

  async discard(sessionId: string): Promise<void> {
    this.live.delete(sessionId);
    await Promise.all(
      [this.metaPath(sessionId), this.projectPath(sessionId)].map((path) => fs.rm(path, { force: true })),
    );
  }

  /** Clean exit: remove this host's running marker (its unsaved sessions stay recoverable). */
  async close(): Promise<void> {
    this.live.clear();
    if (this.markerWritten) await fs.rm(this.markerPath(this.instance), { force: true });
    this.markerWritten = false;
  }

  private async writeMarker(): Promise<void> {
    if (this.markerWritten) return;
    await fs.mkdir(join(this.dir, 'instances'), { recursive: true, mode: 0o700 });
    const marker = { pid: process.pid, startedAt: this.now().toISOString() };
    await writeFileAtomic(this.markerPath(this.instance), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
    this.markerWritten = true;
  }

  private async readMeta(path: string): Promise<Meta | null> {
    try {
      const parsed = MetaSchema.safeParse(JSON.parse(await fs.readFile(path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Another host is alive while its marker exists and its pid runs (a reused pid can only hide, never lose). */
  private async isInstanceAlive(instance: string): Promise<boolean> {
    try {
      const parsed = InstanceSchema.safeParse(
        JSON.parse(await fs.readFile(this.markerPath(instance), 'utf8')),
      );
      return parsed.success && parsed.data.pid !== process.pid && pidRuns(parsed.data.pid);
    } catch {
      return false;
    }
  }
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}
