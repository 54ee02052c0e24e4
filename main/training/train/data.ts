import { StrideFailure } from '../../../shared/api/errors';
import type { TrainingConfig } from '../../../shared/api/training';
import { checkDatasetFit, type ImageShape } from '../../../shared/datasets/fit';
import { loadDataset } from '../datasets/load';
import { channelStats, limitSplit, splitValidation, type ChannelStats } from '../datasets/pipeline';
import { DatasetErrorCode, type Dataset, type Split } from '../datasets/types';

/**
 * The dataset of a run, checked against the graph's input and split as the config says: --limit takes the
 * first N training images, then a seeded share of those is held out for validation; the test split is never
 * touched by either.
 */
export interface RunData {
  readonly dataset: Dataset;
  readonly shape: ImageShape;
  readonly train: Split;
  readonly validation: Split;
  readonly test: Split;
  /** Per-channel statistics of the training images when the config standardises, else null. */
  readonly stats: ChannelStats | null;
}

let cache: { key: string; dataset: Dataset } | null = null;

/** One dataset is kept loaded, so inspecting a run (feature maps, test images) does not decode it each time. */
export function loadRunDataset(spec: string, seed: number, inputShape: readonly number[]): Dataset {
  const shape = inputShape.length === 3 ? (inputShape as unknown as ImageShape) : undefined;
  const key = JSON.stringify([spec, seed, shape ?? null]);
  if (cache?.key === key) return cache.dataset;
  cache = null;
  const dataset = loadDataset(spec, { seed, ...(shape === undefined ? {} : { inputShape: shape }) });
  cache = { key, dataset };
  return dataset;
}

export function checkFit(dataset: Dataset, inputShape: readonly number[], inputNodeId: string | null): void {
  const problem = checkDatasetFit(inputShape, dataset.imageShape, inputNodeId);
  if (problem !== null)
    throw new StrideFailure(problem.code, `${problem.message} Fix: ${problem.fix ?? ''}.`, problem.nodeId);
}

export function prepareData(
  config: TrainingConfig,
  inputShape: readonly number[],
  inputNodeId: string | null,
): RunData {
  const dataset = loadRunDataset(config.dataset, config.seed, inputShape);
  checkFit(dataset, inputShape, inputNodeId);
  const shape = dataset.imageShape;
  const limited = limitSplit(dataset.train, config.limit, shape);
  const { train, validation } = splitValidation(limited, config.validationSplit, shape, config.seed);
  if (train.count === 0)
    throw new StrideFailure(DatasetErrorCode.empty, `The dataset ${dataset.name} has no training images.`);
  const stats = config.normalize === 'standardize' ? channelStats(train, shape[2]) : null;
  return { dataset, shape, train, validation, test: dataset.test, stats };
}

/** Scales stored [0, 1] pixels the way the run trained (in place). */
export function normalizeInPlace(images: Float32Array, stats: ChannelStats | null, channels: number): void {
  if (stats === null) return;
  for (let i = 0; i < images.length; i++) {
    const c = i % channels;
    images[i] = ((images[i] as number) - (stats.mean[c] ?? 0)) / (stats.std[c] ?? 1);
  }
}
