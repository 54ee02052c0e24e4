import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { totalmem } from 'node:os';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { formatBytes, type TrainingMemoryEstimate } from '../../../shared/analysis/memory';

/**
 * What a run may use on the device it trains on. Only part of the memory is offered: the estimate leaves
 * out backend workspace and allocator slack, and the machine runs other things.
 *   tensorflow-gpu  80 % of the first GPU's memory (nvidia-smi)
 *   webgpu          the adapter's maxBufferSize caps one tensor; WebGPU does not tell the total, so the total
 *                   is held to half the system memory (unified-memory GPUs share it; discrete ones have less
 *                   or more — an honest guess, said so in the message)
 *   wasm            the wasm32 heap: at most 4 GiB, and half the system memory
 *   cpu, tensorflow-cpu  half the system memory
 */
export interface MemoryBudget {
  readonly budgetBytes: number;
  /** Largest single tensor the device accepts, where it says. */
  readonly maxTensorBytes: number | null;
  readonly source: string;
}

const WASM_HEAP = 4294901760;

export interface BudgetEnvironment {
  readonly totalMemory: number;
  gpuMemoryMiB(): number | null;
  webgpuLimits(): { maxBufferSize?: number; maxStorageBufferBindingSize?: number } | null;
}

export const nodeBudgetEnvironment: BudgetEnvironment = {
  totalMemory: totalmem(),
  gpuMemoryMiB() {
    try {
      const out = execFileSync('nvidia-smi', ['--query-gpu=memory.total', '--format=csv,noheader,nounits'], {
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const mib = Number.parseFloat(out.split('\n')[0] ?? '');
      return Number.isFinite(mib) ? mib : null;
    } catch {
      return null;
    }
  },
  webgpuLimits() {
    const device = (tf.backend() as { device?: { limits?: Record<string, number> } }).device;
    return device?.limits ?? null;
  },
};

export function memoryBudget(rung: string, env: BudgetEnvironment = nodeBudgetEnvironment): MemoryBudget {
  const half = Math.floor(env.totalMemory / 2);
  const system = `half of this machine's ${formatBytes(env.totalMemory)} of memory`;
  if (rung === 'tensorflow-gpu') {
    const mib = env.gpuMemoryMiB();
    if (mib !== null)
      return {
        budgetBytes: Math.floor(mib * 1024 * 1024 * 0.8),
        maxTensorBytes: null,
        source: `80 % of the GPU's ${formatBytes(mib * 1024 * 1024)}`,
      };
    return { budgetBytes: half, maxTensorBytes: null, source: `${system} (the GPU's size is unknown)` };
  }
  if (rung === 'webgpu') {
    const limits = env.webgpuLimits();
    const maxBuffer = limits?.maxStorageBufferBindingSize ?? limits?.maxBufferSize ?? null;
    return {
      budgetBytes: half,
      maxTensorBytes: maxBuffer,
      source: `${system} (WebGPU does not report the GPU's size)`,
    };
  }
  if (rung === 'wasm')
    return half < WASM_HEAP
      ? { budgetBytes: half, maxTensorBytes: null, source: system }
      : { budgetBytes: WASM_HEAP, maxTensorBytes: null, source: 'the 4 GiB heap of WebAssembly' };
  return { budgetBytes: half, maxTensorBytes: null, source: system };
}

/** Refuses (TRAINING_OUT_OF_MEMORY_ESTIMATE) a run whose estimate does not fit the budget, saying what would. */
export function checkMemory(estimate: TrainingMemoryEstimate, budget: MemoryBudget, batchSize: number): void {
  const perSample =
    estimate.activationBytes / Math.max(1, batchSize) + estimate.inputBytes / Math.max(1, batchSize);
  const fixed = estimate.weightBytes + estimate.gradientBytes + estimate.optimizerBytes;
  const fits = Math.floor((budget.budgetBytes - fixed) / Math.max(1, perSample));
  const advice =
    fits >= 1
      ? `a batch size of ${fits} or less would fit`
      : 'the weights alone do not fit: use a smaller model (fewer filters or units, or downsample earlier)';
  if (estimate.totalBytes > budget.budgetBytes)
    throw new StrideFailure(
      TrainingErrorCode.outOfMemoryEstimate,
      `Training needs about ${formatBytes(estimate.totalBytes)} (weights ${formatBytes(estimate.weightBytes)}, gradients and optimizer state ${formatBytes(estimate.gradientBytes + estimate.optimizerBytes)}, activations for a batch of ${batchSize} ${formatBytes(estimate.activationBytes)}), more than the ${formatBytes(budget.budgetBytes)} available (${budget.source}): ${advice}.`,
    );
  if (budget.maxTensorBytes !== null && estimate.largestTensorBytes > budget.maxTensorBytes)
    throw new StrideFailure(
      TrainingErrorCode.outOfMemoryEstimate,
      `One tensor of a batch of ${batchSize} needs ${formatBytes(estimate.largestTensorBytes)}, more than the ${formatBytes(budget.maxTensorBytes)} the GPU accepts in one buffer: use a smaller batch size.`,
    );
}
