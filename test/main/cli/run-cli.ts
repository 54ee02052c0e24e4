import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const bundle = join(root, 'app', 'dist', 'cli', 'index.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Non-empty lines of stdout and stderr together. */
  readonly lines: readonly string[];
}

/** Runs the built CLI bundle (test/setup/global-build.ts builds it) with a hard timeout: a hang fails. */
export function runCli(...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [bundle, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  const lines = `${stdout}${stderr}`.split('\n').filter((l) => l.trim() !== '');
  return { code: result.status, stdout, stderr, lines };
}

export const fixture = (...parts: string[]) => join(root, 'test', 'fixtures', 'graphs', ...parts);
