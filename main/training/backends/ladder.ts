import { StrideFailure } from '../../../shared/api/errors';
import type { BackendChoice } from '../../../shared/api/training';
import { nodeLadderEnvironment, type LadderEnvironment } from './environment';
import { tryRung } from './rungs';
import {
  RUNGS_FOR_CHOICE,
  TFJS_RUNGS,
  skip,
  type RungName,
  type RungOutcome,
  type RungReady,
  type RungSkipped,
} from './types';

/** The backend a run trains on, and why each better rung was not used (the `start` event carries both). */
export interface BackendSelection extends RungReady {
  readonly skipped: readonly { readonly backend: RungName; readonly reason: string }[];
  /** Why this rung: forced, or auto's order (GPU first, then the faster engine on the same device). */
  readonly selectedBecause: string;
}

/** Why auto prefers each rung to the ones after it. */
const WHY: Readonly<Record<RungName, string>> = {
  'torch-gpu': 'a GPU rung, and PyTorch is the fastest engine on a CUDA/ROCm/MPS GPU (native kernels, cuDNN)',
  'tensorflow-gpu': 'a GPU rung (libtensorflow 2.9 on CUDA 11.2)',
  webgpu: 'a GPU rung through WebGPU (Vulkan/Metal/D3D12); slower than native CUDA engines',
  'torch-cpu':
    'no GPU rung is ready, and PyTorch is the fastest CPU engine (native multi-threaded kernels; several times wasm on the seed net)',
  'tensorflow-cpu': 'no GPU rung or PyTorch is ready; libtensorflow is the fastest CPU engine left',
  wasm: 'no GPU rung or native CPU engine is ready; WebAssembly (SIMD) with Stride kernels is the fastest left',
  cpu: 'nothing faster is ready; plain JavaScript with Stride kernels always works',
};

export function selectionReason(
  choice: BackendChoice,
  rung: RungName,
  skipped: readonly RungSkipped[],
): string {
  const head = choice === 'auto' ? `auto chose ${rung}: ${WHY[rung]}` : `--backend ${choice}: ${rung}`;
  return skipped.length === 0
    ? head
    : `${head}; skipped ${skipped.map((s) => `${s.rung} (${s.reason})`).join(', ')}`;
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
  options: { tfjsOnly?: boolean } = {},
): Promise<BackendSelection> {
  const skipped: RungSkipped[] = [];
  const rungs = RUNGS_FOR_CHOICE[choice].filter((r) => options.tfjsOnly !== true || TFJS_RUNGS.includes(r));
  for (const rung of rungs) {
    const outcome = await attemptRung(rung, env);
    if (outcome.ok)
      return {
        ...outcome,
        skipped: skipped.map((s) => ({ backend: s.rung, reason: s.reason })),
        selectedBecause: selectionReason(choice, rung, skipped),
      };
    skipped.push(outcome);
  }
  const reasons = skipped.map((s) => `${s.rung}: ${s.reason}${s.fix ? ` (fix: ${s.fix})` : ''}`).join('; ');
  throw new StrideFailure(
    BackendErrorCode.unavailable,
    `No ${choice === 'auto' ? '' : `${choice} `}backend could start here. ${reasons}`,
  );
}
