import * as tf from '@tensorflow/tfjs';
import type { Evaluation } from '../../../shared/api/runs';
import type { WorkerCommand } from '../../../shared/api/worker';
import { selectBackend } from '../backends/ladder';
import { limitSplit } from '../datasets/pipeline';
import { checkGraph, checkOutput } from './compile';
import { checkFit, loadRunDataset, normalizationStats } from './data';
import { buildEvaluation, predictSplit } from './evaluate';
import { loadModel } from './model-io';

/**
 * models.evaluate: a saved model — an import's weights, or a run's — scored on a dataset's test split (its
 * first `limit` images) without training, with the same prediction and evaluation code a run ends with, so
 * the numbers mean what a run's do.
 */
export async function runEvaluate(
  command: Extract<WorkerCommand, { kind: 'evaluate' }>,
): Promise<Evaluation> {
  const compiled = checkGraph(command.graph);
  const dataset = loadRunDataset(command.dataset, command.seed, compiled.inputShape);
  const transform = checkFit(dataset, compiled.inputShape, compiled.inputNodeId, command.transform);
  checkOutput(compiled, dataset.classNames.length);
  const test = limitSplit(dataset.test, command.limit, dataset.imageShape);
  const stats = normalizationStats({ normalize: command.normalize }, dataset, dataset.train, transform);
  if (tf.getBackend() === undefined || tf.getBackend() === null)
    await selectBackend('auto', undefined, { tfjsOnly: true });
  const model = await loadModel(command.modelDir);
  try {
    const predictions = await predictSplit(model, test, transform, {
      stats,
      outputActivation: compiled.outputActivation,
    });
    return buildEvaluation(test, predictions, dataset.classNames);
  } finally {
    model.dispose();
  }
}
