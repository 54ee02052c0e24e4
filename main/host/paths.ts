import { promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';

export const PROJECT_SUFFIX = '.stride.json';

/**
 * Which paths the renderer may name. The renderer is sandboxed but not trusted with the file system: without
 * this, `project.save({path: '~/.bashrc'})` would be a write-anywhere primitive for any script in the page.
 * - Inside the project folder: always allowed (after resolving symlinks, so a link cannot lead outside).
 * - Elsewhere: only paths the user chose in a native dialog, or that are in the recent list (Electron).
 * Browser mode has no dialogs, so there everything must stay inside the project folder.
 */
export class PathPolicy {
  private readonly granted = new Set<string>();

  constructor(
    private readonly projectsDir: string,
    private readonly allowGranted: boolean,
  ) {}

  grant(path: string): void {
    if (this.allowGranted) this.granted.add(resolve(path));
  }

  async forOpen(path: string): Promise<string> {
    const absolute = this.absolute(path);
    if (this.granted.has(absolute)) return absolute;
    if (!absolute.toLowerCase().endsWith('.json'))
      throw refused(path, 'only .json project files can be opened by path');
    await this.assertInside(absolute, path, false);
    return absolute;
  }

  async forSave(path: string): Promise<string> {
    const absolute = this.absolute(withProjectSuffix(path));
    if (this.granted.has(absolute)) return absolute;
    if (basename(absolute).startsWith('.')) throw refused(path, 'hidden file names are not allowed');
    await this.assertInside(absolute, path, true);
    return absolute;
  }

  private absolute(path: string): string {
    if (path.includes('\0')) throw refused(path, 'the path contains a NUL character');
    return isAbsolute(path) ? resolve(path) : resolve(this.projectsDir, path);
  }

  /** Lexical check first (catches `..`), then the real path (catches symlinks pointing outside). */
  private async assertInside(absolute: string, asGiven: string, forWriting: boolean): Promise<void> {
    const root = resolve(this.projectsDir);
    if (!isWithin(root, absolute)) throw refused(asGiven, `it is outside the project folder ${root}`);
    await fs.mkdir(root, { recursive: true });
    const realRoot = await fs.realpath(root);
    // For a save the file may not exist yet: its folder must. For an open the file itself is resolved.
    const probe = forWriting ? dirname(absolute) : absolute;
    let real: string;
    try {
      real = await fs.realpath(probe);
    } catch {
      if (forWriting) throw refused(asGiven, 'its folder does not exist');
      throw new StrideFailure(ProjectErrorCode.notFound, `${asGiven} does not exist.`);
    }
    if (!isWithin(realRoot, real)) throw refused(asGiven, `it leads outside the project folder ${root}`);
  }
}

export function isWithin(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export function withProjectSuffix(path: string): string {
  return path.toLowerCase().endsWith('.json') ? path : `${path}${PROJECT_SUFFIX}`;
}

function refused(path: string, why: string): StrideFailure {
  return new StrideFailure(ProjectErrorCode.pathRefused, `Refused to use ${path}: ${why}.`);
}
