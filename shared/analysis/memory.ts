import type { OptimizerName } from '../api/training';
import type { GraphAnalysis } from './types';

/**
 * How much memory training a graph needs, in float32 bytes — the check a run makes before it starts, and what
 * the designer can show next to the parameter count. An estimate, deliberately simple and on the safe side:
 *
 *   weights      every parameter (trainable and BatchNorm statistics)
 *   gradients    one per trainable parameter
 *   optimizer    its slots per trainable parameter (Adam keeps two moments, momentum one, …)
 *   activations  every layer's output per sample × batch, twice: the forward values kept for backprop and
 *                the gradients flowing back through them
 *   input        one batch of images and one-hot labels
 *
 * Backends add workspace (im2col buffers, XNNPACK packing) and the allocator's slack on top; the budget a run
 * is compared with is therefore a fraction of the device's memory, not all of it.
 */
// tfjs's slots: its RMSProp keeps the momentum accumulator even at momentum 0.
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, number>> = {
  sgd: 0,
  momentum: 1,
  adam: 2,
  rmsprop: 2,
  adagrad: 1,
  adadelta: 2,
  adamax: 2,
};

export interface TrainingMemoryEstimate {
  readonly weightBytes: number;
  readonly gradientBytes: number;
  readonly optimizerBytes: number;
  readonly activationBytes: number;
  readonly inputBytes: number;
  readonly totalBytes: number;
  /** The largest single tensor of a batch: an activation × batch, or the largest weight. */
  readonly largestTensorBytes: number;
}

const FLOAT = 4;

export function estimateTrainingMemory(
  analysis: GraphAnalysis,
  options: { readonly batchSize: number; readonly optimizer: string; readonly classes?: number },
): TrainingMemoryEstimate {
  const { totals } = analysis;
  const batch = Math.max(1, options.batchSize);
  const slots = (OPTIMIZER_SLOTS as Readonly<Record<string, number>>)[options.optimizer] ?? 2;
  const weightBytes = totals.params * FLOAT;
  const gradientBytes = totals.trainableParams * FLOAT;
  const optimizerBytes = totals.trainableParams * slots * FLOAT;
  const activationBytes = 2 * totals.activationBytes * batch;
  const inputNode =
    analysis.expanded.input === null ? undefined : analysis.primitives.get(analysis.expanded.input);
  const inputPerSample = inputNode?.activationBytes ?? 0;
  const classes = options.classes ?? 0;
  const inputBytes = (inputPerSample + classes * FLOAT) * batch;
  let largestActivation = 0;
  let largestWeight = 0;
  for (const a of analysis.primitives.values()) {
    largestActivation = Math.max(largestActivation, a.activationBytes);
    largestWeight = Math.max(largestWeight, a.params.total * FLOAT);
  }
  return {
    weightBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    inputBytes,
    totalBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes + inputBytes,
    largestTensorBytes: Math.max(largestActivation * batch, largestWeight),
  };
}

/** 1,234,567,890 → "1.15 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
