import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { formatBytes, type TrainingMemoryEstimate } from '../../../shared/analysis/memory';
import type { MemoryBudget } from '../backends/memory';

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
