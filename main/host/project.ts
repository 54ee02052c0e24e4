import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import type { CallContext, HostService } from '../../shared/api/types';
import type { ProjectFile } from '../../shared/graph/project';
import { writeFileAtomic } from './atomic';
import { AutosaveStore } from './autosave';
import type { HostDeps } from './deps';
import { PathPolicy, PROJECT_SUFFIX } from './paths';
import { ioFailure, parseProjectText, readProjectFile, serializeProject } from './project-codec';
import { RecentList } from './recent';
import { removeStaleTemps } from './stale-temps';

export interface ProjectModule {
  readonly project: HostService['project'];
  /** Start-up housekeeping: stale temp files of killed saves and uncommitted autosaves removed. */
  readonly swept: Promise<string[]>;
  senderClosed(senderId: string): void;
  close(): Promise<void>;
}

/** Projects: open, save (atomic), the project folder, the recent list and crash recovery. */
export function createProjectModule(deps: HostDeps): ProjectModule {
  const now = deps.now ?? (() => new Date());
  const dialogs = deps.dialogs;
  const policy = new PathPolicy(deps.projectsDir, dialogs !== null);
  const recent = new RecentList(deps.dataDir, now);
  const autosaves = new AutosaveStore(deps.dataDir, now);

  // Paths in the recent list were chosen by the user in an earlier session: they stay openable (Electron).
  const recentEntries = recent.list().catch(() => []);
  const recentGranted = recentEntries.then((entries) => entries.forEach((entry) => policy.grant(entry.path)));

  // A save killed between its temp write and the rename leaves a hidden `*.stride-tmp`; nothing else would
  // ever remove it. Swept where saves happen: the project folder, the folders of recent projects, user data.
  const swept = (async () => {
    const runs = join(deps.dataDir, 'runs');
    const runDirs = await fs.readdir(runs).catch(() => [] as string[]);
    const temps = await removeStaleTemps([
      resolve(deps.projectsDir),
      ...(await recentEntries).map((entry) => dirname(entry.path)),
      deps.dataDir,
      join(deps.dataDir, 'autosave'),
      join(deps.dataDir, 'autosave', 'instances'),
      ...runDirs.map((name) => join(runs, name)),
    ]);
    return [...temps, ...(await autosaves.sweep())];
  })().catch(() => []);

  async function remember(path: string, project: ProjectFile): Promise<void> {
    policy.grant(path);
    await recent.touch(path, project.graph.name).catch(() => undefined); // the list is a convenience
  }

  async function pathToSave(path: string | null, saveAs: boolean, project: ProjectFile, ctx: CallContext) {
    if (path !== null && !saveAs) return policy.forSave(path);
    if (dialogs === null) {
      if (path !== null) return policy.forSave(path);
      throw new StrideFailure(
        ProjectErrorCode.pathRequired,
        'This host has no file dialog (browser mode): give the project a file name in the project folder.',
      );
    }
    const suggested = path ?? join(deps.projectsDir, `${safeFileName(project.graph.name)}${PROJECT_SUFFIX}`);
    const chosen = await dialogs.saveProject(ctx, suggested);
    if (chosen === null) return null;
    policy.grant(chosen);
    return resolve(chosen);
  }

  const project: HostService['project'] = {
    async open({ path }, ctx) {
      await recentGranted;
      let target: string;
      if (path !== undefined) target = await policy.forOpen(path);
      else if (dialogs === null) {
        throw new StrideFailure(
          ProjectErrorCode.pathRequired,
          'This host has no file dialog (browser mode): pick a project from the project folder or upload one.',
        );
      } else {
        const chosen = await dialogs.openProject(ctx);
        if (chosen === null) return null;
        policy.grant(chosen);
        target = resolve(chosen);
      }
      const opened = await readProjectFile(target);
      await remember(target, opened);
      return { path: target, project: opened };
    },

    async openText({ name, text }) {
      return { project: parseProjectText(text, name === '' ? 'The uploaded file' : name) };
    },

    async save({ path, saveAs, project: doc }, ctx) {
      await recentGranted;
      const target = await pathToSave(path, saveAs, doc, ctx);
      if (target === null) return null;
      const text = serializeProject(doc, basename(target));
      try {
        await writeFileAtomic(target, text);
      } catch (error) {
        throw ioFailure(error, target, 'save');
      }
      await remember(target, doc);
      return { path: target };
    },

    async list() {
      const folder = resolve(deps.projectsDir);
      await fs.mkdir(folder, { recursive: true });
      const entries = await fs.readdir(folder, { withFileTypes: true });
      const files = [];
      for (const entry of entries) {
        if (!entry.isFile() || entry.name.startsWith('.') || !entry.name.endsWith(PROJECT_SUFFIX)) continue;
        const path = join(folder, entry.name);
        const stat = await fs.stat(path).catch(() => null);
        if (stat === null) continue;
        files.push({
          path,
          name: entry.name.slice(0, -PROJECT_SUFFIX.length),
          modifiedAt: stat.mtime.toISOString(),
          bytes: stat.size,
        });
      }
      files.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
      return { folder, files };
    },

    recent: () => recent.list(),

    async autosave({ sessionId, path, project: doc }, ctx) {
      try {
        return { savedAt: await autosaves.save(sessionId, ctx.senderId, path, doc) };
      } catch (error) {
        if (error instanceof StrideFailure) throw error;
        throw ioFailure(error, 'the autosave folder', 'write');
      }
    },

    recoverable: () => autosaves.recoverable(),
    recover: ({ sessionId }) => autosaves.recover(sessionId),
    async discardAutosave({ sessionId }) {
      await autosaves.discard(sessionId);
      return {};
    },
  };

  return {
    project,
    swept,
    senderClosed: (senderId) => autosaves.senderClosed(senderId),
    close: () => autosaves.close(),
  };
}

/** A graph name as a file name: no separators, no control or reserved characters, never empty or hidden. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '-').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned.slice(0, 120) || 'untitled';
}
