import { StrideFailure } from '../../../shared/api/errors';
import { WorkerErrorCode } from '../../../shared/api/worker';

/** A failure of the worker process itself, carrying the tail of what it wrote (the run's crash log). */
export class WorkerFailure extends StrideFailure {
  readonly log: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  constructor(
    code: string,
    message: string,
    log: string,
    exitCode: number | null = null,
    signal: string | null = null,
  ) {
    super(code, message);
    this.name = 'WorkerFailure';
    this.log = log;
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

const V8_OOM =
  /JavaScript heap out of memory|Reached heap limit|Allocation failed - |FatalProcessOutOfMemory|Cannot enlarge memory|Out of memory: Killed process/i;

/** Why the worker ended, in words a user can act on. */
export function describeExit(
  code: number | null,
  signal: string | null,
  log: string,
): { code: string; message: string } {
  if (V8_OOM.test(log))
    return {
      code: WorkerErrorCode.outOfMemory,
      message: 'The training worker ran out of memory. A smaller batch size, image size or model needs less.',
    };
  if (signal === 'SIGKILL')
    return {
      code: WorkerErrorCode.crashed,
      message:
        'The training worker was killed (SIGKILL): by the system when memory ran out, or by hand. The app is fine; the run stopped.',
    };
  if (signal !== null)
    return {
      code: WorkerErrorCode.crashed,
      message: `The training worker crashed (signal ${signal}). The app is fine; the run stopped.`,
    };
  return {
    code: WorkerErrorCode.crashed,
    message: `The training worker exited unexpectedly (exit code ${code ?? 'unknown'}). The app is fine; the run stopped.`,
  };
}
