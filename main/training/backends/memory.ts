import { StrideFailure } from '../../../shared/api/errors';
import type { OptimizerName } from '../../../shared/api/training';
import type { DeviceMemory } from './types';

/**
 * Will a run fit on the device? A float32 estimate made before training starts, so a model that cannot fit is
 * refused with a clear message instead of ending as an out-of-memory crash minutes later:
 *   weights + gradients + optimizer state (slots per weight)           4 · params · (2 + slots)
 *   activations kept for backprop, their gradients, and workspace       4 · activations per sample · batch · 3
 * The factor 3 is deliberately generous: tfjs keeps every layer output for the backward pass, creates a
 * gradient of the same size, and needs scratch space for im2col-style kernels.
 */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, number>> = {
  sgd: 0,
  momentum: 1,
  adam: 2,
  rmsprop: 2,
  adagrad: 1,
  adadelta: 2,
  adamax: 2,
};

export const MemoryErrorCode = { tooLarge: 'TRAINING_OUT_OF_MEMORY' } as const;

export interface MemoryEstimate {
  readonly totalBytes: number;
  readonly parameterBytes: number;
  readonly activationBytes: number;
  /** The largest single tensor: the biggest activation of a batch. */
  readonly largestTensorBytes: number;
}

export function estimateTrainingMemory(input: {
  readonly params: number;
  /** Σ of every layer's output size for one sample, in bytes (GraphAnalysis totals.activationBytes). */
  readonly activationBytesPerSample: number;
  /** The largest single layer output for one sample, in bytes. */
  readonly largestActivationBytesPerSample?: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
}): MemoryEstimate {
  const parameterBytes = 4 * input.params * (2 + OPTIMIZER_SLOTS[input.optimizer]);
  const activationBytes = 3 * input.activationBytesPerSample * input.batchSize;
  return {
    totalBytes: parameterBytes + activationBytes,
    parameterBytes,
    activationBytes,
    largestTensorBytes: (input.largestActivationBytesPerSample ?? 0) * input.batchSize,
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

export function describeMemory(memory: DeviceMemory): string {
  const parts = [
    memory.totalBytes === null ? null : formatBytes(memory.totalBytes),
    memory.maxTensorBytes === null ? null : `largest tensor ${formatBytes(memory.maxTensorBytes)}`,
  ].filter((p): p is string => p !== null);
  return `${parts.join(', ') || 'unknown'} (${memory.source})`;
}

/** Throws TRAINING_OUT_OF_MEMORY, with the numbers and what to change, when the estimate does not fit. */
export function checkTrainingMemory(estimate: MemoryEstimate, memory: DeviceMemory, batchSize: number): void {
  const perSample = batchSize > 0 ? estimate.activationBytes / batchSize : 0;
  if (memory.totalBytes !== null && estimate.totalBytes > memory.totalBytes) {
    const room = memory.totalBytes - estimate.parameterBytes;
    const fits = perSample > 0 && room > 0 ? Math.floor(room / perSample) : 0;
    const advice =
      fits >= 1
        ? `use a batch size of at most ${fits}`
        : 'the weights alone do not fit: use a smaller model (fewer filters or units, more pooling)';
    throw new StrideFailure(
      MemoryErrorCode.tooLarge,
      `Training needs about ${formatBytes(estimate.totalBytes)} (weights and optimizer ${formatBytes(estimate.parameterBytes)}, activations ${formatBytes(estimate.activationBytes)}) but the device has ${formatBytes(memory.totalBytes)} (${memory.source}): ${advice}.`,
    );
  }
  if (memory.maxTensorBytes !== null && estimate.largestTensorBytes > memory.maxTensorBytes) {
    throw new StrideFailure(
      MemoryErrorCode.tooLarge,
      `The largest activation of a batch is ${formatBytes(estimate.largestTensorBytes)}, more than one buffer may hold on this device (${formatBytes(memory.maxTensorBytes)}, ${memory.source}): use a smaller batch size or image size.`,
    );
  }
}
