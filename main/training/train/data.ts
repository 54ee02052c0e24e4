import { StrideFailure } from '../../../shared/api/errors';
import type { TrainingConfig } from '../../../shared/api/training';
import { checkDatasetFit, type FitOptions, type ImageShape } from '../../../shared/datasets/fit';
import type { InputTransform } from '../../../shared/datasets/transform';
import { loadDataset } from '../datasets/load';
import { channelStats, limitSplit, splitValidation, type ChannelStats } from '../datasets/pipeline';
import { imageTransform, transformStats, type ImageTransform } from '../datasets/transform';
import { DatasetErrorCode, type Dataset, type Split } from '../datasets/types';

/**
 * The dataset of a run, checked against the graph's input and split as the config says: --limit takes the
 * first N training images, then a seeded share of those is held out for validation; the test split is never
 * touched by either. Splits keep the stored image shape (`sourceShape`); `transform` turns each batch into the
 * graph's input shape (`shape`) as it is read.
 */
export interface RunData {
  readonly dataset: Dataset;
  /** What the model reads (after the transform). */
  readonly shape: ImageShape;
  /** What the splits hold. */
  readonly sourceShape: ImageShape;
  readonly transform: ImageTransform;
  readonly train: Split;
  readonly validation: Split;
  readonly test: Split;
  /** Per-channel statistics (of the transformed channels) when the config normalises, else null. */
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

export function checkFit(
  dataset: Dataset,
  inputShape: readonly number[],
  inputNodeId: string | null,
  transform?: InputTransform,
  options: FitOptions = {},
): ImageTransform {
  const t = imageTransform(dataset.imageShape, transform);
  const problem = checkDatasetFit(inputShape, t.to, inputNodeId, options);
  if (problem !== null)
    throw new StrideFailure(
      problem.code,
      `${problem.message}${problem.fix === undefined ? '' : ` Fix: ${problem.fix}.`}`,
      problem.nodeId,
    );
  return t;
}

/** The statistics `normalize` asks for, per channel of what the model reads; null for `unit`. */
export function normalizationStats(
  config: Pick<TrainingConfig, 'normalize'>,
  dataset: Dataset,
  train: Split,
  transform: ImageTransform,
): ChannelStats | null {
  if (config.normalize === 'unit') return null;
  const published = config.normalize === 'dataset' ? (dataset.normalization ?? null) : null;
  const source = published ?? channelStats(train, transform.from[2]);
  return transformStats(source, transform);
}

export function prepareData(
  config: TrainingConfig,
  inputShape: readonly number[],
  inputNodeId: string | null,
  fit: FitOptions = {},
): RunData {
  const dataset = loadRunDataset(config.dataset, config.seed, inputShape);
  const transform = checkFit(dataset, inputShape, inputNodeId, config.transform, fit);
  const sourceShape = dataset.imageShape;
  const limited = limitSplit(dataset.train, config.limit, sourceShape);
  const { train, validation } = splitValidation(limited, config.validationSplit, sourceShape, config.seed);
  if (train.count === 0)
    throw new StrideFailure(DatasetErrorCode.empty, `The dataset ${dataset.name} has no training images.`);
  const stats = normalizationStats(config, dataset, train, transform);
  return {
    dataset,
    shape: transform.to,
    sourceShape,
    transform,
    train,
    validation,
    test: dataset.test,
    stats,
  };
}

/** Scales stored [0, 1] pixels the way the run trained (in place). */
export function normalizeInPlace(images: Float32Array, stats: ChannelStats | null, channels: number): void {
  if (stats === null) return;
  for (let i = 0; i < images.length; i++) {
    const c = i % channels;
    images[i] = ((images[i] as number) - (stats.mean[c] ?? 0)) / (stats.std[c] ?? 1);
  }
}
