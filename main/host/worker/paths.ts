import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { WorkerErrorCode } from '../../../shared/api/worker';

/**
 * The bundled worker (app/dist/worker/index.cjs): STRIDE_WORKER_ENTRY, beside a bundled host
 * (app/dist/{cli,main}/ → ../worker), or from the sources' repo root (tests, tsx).
 */
export function resolveWorkerEntry(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [
    env.STRIDE_WORKER_ENTRY,
    join(here, '..', 'worker', 'index.cjs'),
    join(here, '..', '..', '..', 'app', 'dist', 'worker', 'index.cjs'),
    join(process.cwd(), 'app', 'dist', 'worker', 'index.cjs'),
  ];
  const found = candidates.find((c) => c !== undefined && c.length > 0 && existsSync(c));
  if (found === undefined)
    throw new StrideFailure(
      WorkerErrorCode.startFailed,
      'The training worker is not built (app/dist/worker/index.cjs is missing): run `npm run build:node`.',
    );
  return found;
}
