import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PYTHON } from '../../../shared/codegen/python';

/**
 * The Python the torch tests train with: STRIDE_TORCH_PYTHON, else Debian's /usr/bin/python3 with
 * python3-torch (the python3 first on PATH may be another build without torch). Null, with the reason,
 * when it cannot train here: a skip, printed, never a pass.
 */
let checked: { python: string; missing: string | null } | null = null;

export function torchPython(): { python: string; missing: string | null } {
  if (checked !== null) return checked;
  if (!existsSync(PYTHON))
    return (checked = { python: PYTHON, missing: `${PYTHON} not found (install Debian's python3-torch)` });
  const run = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) {
    const last = (run.stderr ?? '').trim().split('\n').pop() ?? `exit ${run.status}`;
    return (checked = { python: PYTHON, missing: `${PYTHON} cannot import torch: ${last}` });
  }
  return (checked = { python: PYTHON, missing: null });
}
