import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's interpreter with python3-torch; the `python3` on PATH may be another build without torch. */
export const PYTHON = process.env.STRIDE_TORCH_PYTHON ?? '/usr/bin/python3';

export interface PythonRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function runPython(
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): PythonRun {
  const started = performance.now();
  const run = spawnSync(PYTHON, [...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    cwd: options.cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    status: run.status,
    stdout: run.stdout ?? '',
    stderr: run.stderr ?? '',
    ms: performance.now() - started,
  };
}

/** Skip reasons, worded once so `npm test` can group them ("65 skipped: python3-torch not installed — …"). */
export const TORCH_MISSING = 'python3-torch not installed — apt-get install python3-torch';
export const TORCHVISION_MISSING = 'python3-torchvision not installed — apt-get install python3-torchvision';

/**
 * Why torch tests cannot run here, or null when they can. Only a missing interpreter or a missing torch
 * (or torchvision) module is a reason to skip: any other failure of the oracle is a test failure.
 */
export function torchMissing(run?: { stderr: string }): string | null {
  if (!existsSync(PYTHON)) return TORCH_MISSING;
  if (run !== undefined && /No module named '?torchvision/.test(run.stderr)) return TORCHVISION_MISSING;
  if (run !== undefined && /No module named '?torch/.test(run.stderr)) return TORCH_MISSING;
  return null;
}
