import { useMemo } from 'react';
import { estimateTrainingMemory, formatBytes } from '../model/core';
import { useAnalysis } from '../store/analysis';
import { useTrainingForm } from './config';
import { BUILT_IN_CLASSES } from './startCheck';

/**
 * Memory the run will need, before it starts: the same estimate the host compares with the device's budget
 * (shared/analysis/memory.ts), for the batch size and optimizer in the form.
 */
export function MemoryEstimate() {
  const analysis = useAnalysis((s) => s.model);
  const batchText = useTrainingForm((s) => s.batchSize);
  const optimizer = useTrainingForm((s) => s.optimizer);
  const datasetKind = useTrainingForm((s) => s.datasetKind);
  const batchSize = /^\d+$/.test(batchText.trim()) ? Number(batchText) : null;
  const estimate = useMemo(
    () =>
      batchSize === null || batchSize < 1 || !analysis.ok
        ? null
        : estimateTrainingMemory(analysis, {
            batchSize,
            optimizer,
            ...(datasetKind === 'path' ? {} : { classes: BUILT_IN_CLASSES[datasetKind] }),
          }),
    [analysis, batchSize, optimizer, datasetKind],
  );
  if (estimate === null)
    return (
      <p className="memory-estimate muted" data-testid="memory-estimate">
        Memory estimate: needs a valid graph and batch size.
      </p>
    );
  const parts = [
    ['weights', estimate.weightBytes],
    ['gradients', estimate.gradientBytes],
    ['optimizer', estimate.optimizerBytes],
    ['activations', estimate.activationBytes],
    ['input', estimate.inputBytes],
  ] as const;
  return (
    <p className="memory-estimate" data-testid="memory-estimate">
      Memory estimate: <strong>{formatBytes(estimate.totalBytes)}</strong>{' '}
      <span className="muted small">
        ({parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ')}; largest tensor{' '}
        {formatBytes(estimate.largestTensorBytes)})
      </span>
    </p>
  );
}
