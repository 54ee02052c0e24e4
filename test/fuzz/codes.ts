import { DIAGNOSTIC_CODES } from '../../shared/analysis/codes';
import { ApiErrorCode } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import { TrainingErrorCode } from '../../shared/api/training';
import { WorkerErrorCode } from '../../shared/api/worker';

/**
 * The codes a refusal may carry: the model core's table, the project, training and worker codes and the API
 * layer's own —
 * except the two that mean the back end itself failed (an uncaught throw, an answer outside the contract).
 */
const KNOWN = new Set<string>([
  ...Object.keys(DIAGNOSTIC_CODES),
  ...Object.values(ProjectErrorCode),
  ...Object.values(ApiErrorCode),
  ...Object.values(TrainingErrorCode),
  ...Object.values(WorkerErrorCode),
]);
const INTERNAL = new Set<string>([ApiErrorCode.internal, ApiErrorCode.badResponse]);

/** Why `code` is not a proper refusal code, or null when it is one. */
export function badCode(code: unknown): string | null {
  if (typeof code !== 'string') return `no code (${JSON.stringify(code)})`;
  if (INTERNAL.has(code)) return `an internal failure (${code})`;
  if (!KNOWN.has(code)) return `an unknown code (${code})`;
  return null;
}
