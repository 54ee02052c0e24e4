import type { RunDetail } from '../../../shared/api/runs';
import type { OptimizerName, TrainingConfig } from '../../../shared/api/training';
import { call } from '../backend/api';
import { toast } from '../store/toasts';
import { enqueueRun } from '../training/actions';
import { optimizerLabel } from '../training/TrainSettings';
import { toggleCompareRun } from './store';

/**
 * "Duplicate run with another optimizer" (the seed 002 exercise: the same network and data, Adam vs RMSProp vs
 * others). Each copy keeps the run's graph snapshot and settings, swaps the optimizer and uses that optimizer's
 * default learning rate (a rate tuned for Adam is rarely right for SGD). The original and every copy are
 * picked for comparison, so "Compare" shows them together once they have trained.
 */
export function duplicateConfig(config: TrainingConfig, optimizer: OptimizerName): TrainingConfig {
  const { learningRate: _dropped, ...rest } = config;
  return { ...rest, optimizer };
}

export const duplicateName = (detail: Pick<RunDetail, 'graph'>, optimizer: OptimizerName): string =>
  `${detail.graph.name} · ${optimizerLabel(optimizer)}`;

export async function duplicateWithOptimizers(
  runId: string,
  optimizers: readonly OptimizerName[],
): Promise<void> {
  const detail = await call((api) => api.runs.get({ runId }));
  if (!detail.ok) {
    toast.error(detail.error.message, detail.error.code);
    return;
  }
  toggleCompareRun(runId, true);
  for (const optimizer of optimizers) {
    enqueueRun({
      graph: detail.value.graph,
      config: duplicateConfig(detail.value.config, optimizer),
      name: duplicateName(detail.value, optimizer),
      // A run that recorded no project stays matched by its network's name, as its original.
      ...(detail.value.project === null ? {} : { project: detail.value.project }),
      onStarted: (id) => toggleCompareRun(id, true),
    });
  }
}
