import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * The machine as the doctor sees it: environment variables, the dynamic linker cache, folder listings and
 * command output. Injectable, so tests can stage a machine with CUDA 12 but no 11.2, a fake nvidia-smi, etc.
 */
export interface ProbeEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly arch: string;
  /** Output of `ldconfig -p`, or null where there is none. */
  ldconfig(): string | null;
  /** File names in a folder, or null when it does not exist. */
  listDir(dir: string): string[] | null;
  /** stdout of a command, or an Error describing why it did not run. */
  run(command: string, args: readonly string[]): string | Error;
}

function runCommand(command: string, args: readonly string[]): string | Error {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return new Error(`${command} not found`);
    const stderr = typeof e.stderr === 'string' ? e.stderr.trim() : '';
    return new Error(stderr.length > 0 ? stderr.split('\n')[0] : e.message);
  }
}

export function nodeProbeEnvironment(): ProbeEnvironment {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    ldconfig: () => {
      for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
        const out = runCommand(ldconfig, ['-p']);
        if (typeof out === 'string') return out;
      }
      return null;
    },
    listDir: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return null;
      }
    },
    run: runCommand,
  };
}
