import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import type { ProjectFile } from '../../shared/graph/project';
import { nodeAtomicOps, writeFileAtomic, type AtomicWriteOps } from './atomic';
import { readSmallJson } from './json-store';
import { pidRuns } from './pid';
import { isRegularFile } from './regular-file';
import { readProjectFile, serializeProject } from './project-codec';

const MetaSchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  path: z.string().nullable(),
  savedAt: z.string(),
  instance: z.string(),
  pid: z.number().int(),
  /** The project file this meta commits to (absent in autosaves written before it existed: `<sessionId>.stride.json`). */
  file: z.string().optional(),
});
type Meta = z.infer<typeof MetaSchema>;
const InstanceSchema = z.object({ pid: z.number().int(), startedAt: z.string() });

export interface Recoverable {
  sessionId: string;
  name: string;
  savedAt: string;
  path: string | null;
}

/** `<sessionId>.<instance>-<n>.stride.json`: a project version written by one host instance. */
const VERSION_FILE = /^([A-Za-z0-9_-]{1,64})\.([0-9a-f]{16})-(\d+)\.stride\.json$/;

/**
 * Crash recovery. Layout of dataDir/autosave/:
 *   <sessionId>.<instance>-<n>.stride.json   the project as autosaved (an ordinary project file)
 *   <sessionId>.meta.json     who wrote it: session, host instance, pid, original path, time, and which project
 *                             file it commits to
 *   instances/<id>.json       "this host is running" marker, removed on clean exit (close())
 * A save writes a new project file, then the meta naming it (the commit), then removes the previous file: the
 * meta and the project it names always belong together, so a crash between the two writes leaves the previous
 * pair, never an older name with newer content. Files no meta names are swept at start (sweep()).
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
  private written = 0;
  /** Saves of one session, one at a time (the commit order must be the write order). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    dataDir: string,
    private readonly now: () => Date,
    /** The file-system steps of every write (tests stop one midway to stand for a crash). */
    private readonly ops: AtomicWriteOps = nodeAtomicOps,
  ) {
    this.dir = join(dataDir, 'autosave');
  }

  /** The project file a meta commits to; a name that is not one of ours (a tampered meta) is ignored. */
  private projectPath(meta: Meta): string {
    const file = meta.file;
    const named = file !== undefined && VERSION_FILE.exec(file)?.[1] === meta.sessionId;
    return join(this.dir, named ? file : `${meta.sessionId}.stride.json`);
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
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const next = previous.then(() => this.commit(sessionId, senderId, path, project));
    const settled = next.catch(() => undefined);
    this.queues.set(sessionId, settled);
    void settled.then(() => {
      if (this.queues.get(sessionId) === settled) this.queues.delete(sessionId);
    });
    return next;
  }

  private async commit(
    sessionId: string,
    senderId: string,
    path: string | null,
    project: ProjectFile,
  ): Promise<string> {
    await this.writeMarker();
    const savedAt = this.now().toISOString();
    this.written += 1;
    const file = `${sessionId}.${this.instance}-${this.written}.stride.json`;
    const meta: Meta = {
      sessionId,
      name: project.graph.name,
      path,
      savedAt,
      instance: this.instance,
      pid: process.pid,
      file,
    };
    this.live.set(sessionId, senderId);
    const text = serializeProject(project, `The autosave of ${project.graph.name}`);
    await writeFileAtomic(join(this.dir, file), text, { mode: 0o600, ops: this.ops });
    await writeFileAtomic(this.metaPath(sessionId), `${JSON.stringify(meta)}\n`, {
      mode: 0o600,
      ops: this.ops,
    });
    await this.removeVersions(sessionId, file);
    return savedAt;
  }

  /** Every project file of the session except `keep` (null: all of them). */
  private async removeVersions(sessionId: string, keep: string | null): Promise<void> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const legacy = `${sessionId}.stride.json`;
    await Promise.all(
      names
        .filter((name) => name !== keep && (name === legacy || VERSION_FILE.exec(name)?.[1] === sessionId))
        .map((name) => fs.rm(join(this.dir, name), { force: true })),
    );
  }

  /**
   * Start-up housekeeping: project files that no meta names were written by a host that died between the
   * project write and its commit. Removed unless their writer is still running (it may be about to commit).
   */
  async sweep(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const named = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.meta.json')) continue;
      const meta = await this.readMeta(join(this.dir, name));
      if (meta !== null) named.add(basename(this.projectPath(meta)));
    }
    const removed: string[] = [];
    for (const name of names) {
      const match = VERSION_FILE.exec(name);
      if (match === null || named.has(name)) continue;
      const writer = match[2] ?? '';
      if (writer === this.instance || (await this.isInstanceAlive(writer))) continue;
      await fs.rm(join(this.dir, name), { force: true });
      removed.push(join(this.dir, name));
    }
    return removed;
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
      if (!(await isRegularFile(this.projectPath(meta)))) continue;
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
    const project = await readProjectFile(this.projectPath(meta));
    return { project, path: meta.path };
  }

  async discard(sessionId: string): Promise<void> {
    this.live.delete(sessionId);
    await (this.queues.get(sessionId) ?? Promise.resolve());
    // The meta first: without it nothing is offered, whatever is left of the project files.
    await fs.rm(this.metaPath(sessionId), { force: true });
    await this.removeVersions(sessionId, null);
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
      const parsed = MetaSchema.safeParse(await readSmallJson(path));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Another host is alive while its marker exists and its pid runs (a reused pid can only hide, never lose). */
  private async isInstanceAlive(instance: string): Promise<boolean> {
    try {
      const parsed = InstanceSchema.safeParse(await readSmallJson(this.markerPath(instance)));
      return parsed.success && parsed.data.pid !== process.pid && pidRuns(parsed.data.pid);
    } catch {
      return false;
    }
  }
}
