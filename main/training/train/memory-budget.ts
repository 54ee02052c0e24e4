import { totalmem } from 'node:os';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { formatBytes, type TrainingMemoryEstimate } from '../../../shared/analysis/memory';
import type { DeviceMemory } from '../backends/types';

/**
 * What a run may use of the device its rung reported (`selection.memory`, backends/rungs.ts). Only part of it:
 * the estimate (shared/analysis/memory.ts) leaves out backend workspace and allocator slack.
 *   memory of its own (a GPU, the wasm32 heap)   80 %
 *   system memory (cpu, tensorflow-cpu)          50 %: the machine runs other things
 *   WebGPU                                       it does not report the GPU's size: half the system memory is
 *                                                assumed (said so in the message), and its largest buffer caps
 *                                                any one tensor
 */
export interface MemoryBudget {
  readonly budgetBytes: number;
  /** Largest single tensor the device accepts, where it says. */
  readonly maxTensorBytes: number | null;
  readonly source: string;
}

export function memoryBudget(
  rung: string,
  memory: DeviceMemory,
  systemBytes: number = totalmem(),
): MemoryBudget {
  if (memory.totalBytes === null)
    return {
      budgetBytes: Math.floor(systemBytes / 2),
      maxTensorBytes: memory.maxTensorBytes,
      source: `half of the system's ${formatBytes(systemBytes)}, since ${memory.source}`,
    };
  const dedicated = rung === 'tensorflow-gpu' || rung === 'wasm';
  const share = dedicated ? 0.8 : 0.5;
  return {
    budgetBytes: Math.floor(memory.totalBytes * share),
    maxTensorBytes: memory.maxTensorBytes,
    source: `${share * 100} % of ${formatBytes(memory.totalBytes)}: ${memory.source}`,
  };
}

/** Refuses (TRAINING_OUT_OF_MEMORY_ESTIMATE) a run whose estimate does not fit the budget, saying what would. */
export function checkMemory(estimate: TrainingMemoryEstimate, budget: MemoryBudget, batchSize: number): void {
  const batch = Math.max(1, batchSize);
  const perSample = (estimate.activationBytes + estimate.inputBytes) / batch;
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
  const perTensor = Math.max(1, estimate.largestTensorBytes / batch);
  if (budget.maxTensorBytes !== null && estimate.largestTensorBytes > budget.maxTensorBytes)
    throw new StrideFailure(
      TrainingErrorCode.outOfMemoryEstimate,
      `One tensor of a batch of ${batchSize} needs ${formatBytes(estimate.largestTensorBytes)}, more than the ${formatBytes(budget.maxTensorBytes)} the device accepts in one buffer: a batch size of ${Math.max(1, Math.floor(budget.maxTensorBytes / perTensor))} or less would fit.`,
    );
}
