import { RUNG_NAMES, type RungName } from '../../../shared/api/ns/system';
import type { BackendChoice } from '../../../shared/api/training';

/** The rungs of the backend ladder, best first (docs/training-backends.md). */
export const RUNGS = RUNG_NAMES;
export type { RungName };

/** What `--backend` may force, and the rungs each choice may use. */
export const RUNGS_FOR_CHOICE: Readonly<Record<BackendChoice, readonly RungName[]>> = {
  auto: RUNGS,
  torch: ['torch-gpu', 'torch-cpu'],
  tensorflow: ['tensorflow-gpu', 'tensorflow-cpu'],
  webgpu: ['webgpu'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};

/** The rungs that train in tfjs (in the worker); the others drive an external engine. */
export const TFJS_RUNGS: readonly RungName[] = RUNGS.filter((r) => !r.startsWith('torch-'));

export interface RungReady {
  readonly ok: true;
  readonly rung: RungName;
  /** tfjs backend name now active. */
  readonly backend: string;
  /** Human name of the device: a GPU name, or the CPU model. */
  readonly device: string;
  /** Our kernels registered for this backend (empty where the stock ones are used). */
  readonly kernels: readonly string[];
  /** Facts worth showing (versions, SIMD, adapter fields, smoke-test time). */
  readonly details: Readonly<Record<string, string>>;
  /** What the device can hold, for the memory check before training. */
  readonly memory: DeviceMemory;
  /** For the torch rungs: the Python and device the engine process runs with. */
  readonly engine?: TorchEngineSpec;
}

export interface TorchEngineSpec {
  readonly python: string;
  readonly script: string;
  readonly device: 'cuda' | 'mps' | 'cpu';
  /** GPUs the run may use: one process each (DistributedDataParallel through torchrun) when more than one. */
  readonly gpus: number;
  /** Versions for the start event and run.json: python, torch, cuda/rocm. */
  readonly versions: Readonly<Record<string, string>>;
}

export interface DeviceMemory {
  /** Memory tensors can use in all; null where the API does not say (WebGPU). */
  readonly totalBytes: number | null;
  /** Largest single tensor; null when only the total limits it. */
  readonly maxTensorBytes: number | null;
  /** Where the numbers come from, for the message a user sees. */
  readonly source: string;
}

export interface RungSkipped {
  readonly ok: false;
  readonly rung: RungName;
  /** One sentence a user can act on. */
  readonly reason: string;
  /** Raw error text or log, when there is one. */
  readonly detail?: string;
  /** What to do about it, when we know. */
  readonly fix?: string;
}

export type RungOutcome = RungReady | RungSkipped;

export const skip = (
  rung: RungName,
  reason: string,
  more: { detail?: string; fix?: string } = {},
): RungSkipped => ({
  ok: false,
  rung,
  reason,
  ...(more.detail === undefined ? {} : { detail: more.detail }),
  ...(more.fix === undefined ? {} : { fix: more.fix }),
});
