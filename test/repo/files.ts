import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The repository's files as git sees them: tracked, plus new files not ignored (so a check holds before the
 * commit too), minus files deleted from the working tree. Paths are relative to the repository root.
 */
export function repoFiles(): string[] {
  const list = (...args: string[]) =>
    execFileSync('git', ['ls-files', '-z', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter((f) => f !== '');
  const deleted = new Set(list('--deleted'));
  return [...new Set([...list('--cached'), ...list('--others', '--exclude-standard')])]
    .filter((f) => !deleted.has(f))
    .sort();
}

/** The product's TypeScript sources (shared/, main/, renderer/), which tests and benchmarks are not. */
export function sourceFiles(): string[] {
  return repoFiles().filter((f) => /^(shared|main|renderer)\/.*\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

export const read = (path: string): string => readFileSync(path, 'utf8');
