import { StrideFailure } from '../../../shared/api/errors';
import type { BackendChoice } from '../../../shared/api/training';
import { nodeLadderEnvironment, type LadderEnvironment } from './environment';
import { tryRung } from './rungs';
import {
  RUNGS_FOR_CHOICE,
  skip,
  type RungName,
  type RungOutcome,
  type RungReady,
  type RungSkipped,
} from './types';

/** The backend a run trains on, and why each better rung was not used (the `start` event carries both). */
export interface BackendSelection extends RungReady {
  readonly skipped: readonly { readonly backend: RungName; readonly reason: string }[];
}

export const BackendErrorCode = {
  unavailable: 'BACKEND_UNAVAILABLE',
} as const;

const RUNG_TIMEOUT_MS = 60_000;

/** One rung, with unexpected throws and hangs turned into skip reasons (a rung never takes the ladder down). */
export async function attemptRung(
  rung: RungName,
  env: LadderEnvironment,
  timeoutMs = RUNG_TIMEOUT_MS,
): Promise<RungOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RungSkipped>((resolve) => {
    timer = setTimeout(
      () => resolve(skip(rung, `did not answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      tryRung(rung, env).catch((error: unknown) =>
        skip(rung, `failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Walks the ladder for `choice` (auto: every rung, best first; a forced choice: only its rungs) and activates
 * the first rung that loads and passes the smoke test. Throws BACKEND_UNAVAILABLE, listing every reason, when
 * none does.
 */
export async function selectBackend(
  choice: BackendChoice,
  env: LadderEnvironment = nodeLadderEnvironment(),
): Promise<BackendSelection> {
  const skipped: RungSkipped[] = [];
  for (const rung of RUNGS_FOR_CHOICE[choice]) {
    const outcome = await attemptRung(rung, env);
    if (outcome.ok)
      return { ...outcome, skipped: skipped.map((s) => ({ backend: s.rung, reason: s.reason })) };
    skipped.push(outcome);
  }
  const reasons = skipped.map((s) => `${s.rung}: ${s.reason}${s.fix ? ` (fix: ${s.fix})` : ''}`).join('; ');
  throw new StrideFailure(
    BackendErrorCode.unavailable,
    `No ${choice === 'auto' ? '' : `${choice} `}backend could start here. ${reasons}`,
  );
}
