import * as tf from '@tensorflow/tfjs';
import type { Evaluation } from '../../../shared/api/runs';
import type { ChannelStats } from '../datasets/pipeline';
import { makeBatch } from '../datasets/pipeline';
import type { ImageTransform } from '../datasets/transform';
import type { Split } from '../datasets/types';

/** Keras clips probabilities to [ε, 1 − ε] before the log; so do we, so val/test losses match training's. */
const EPSILON = 1e-7;
const CHUNK = 256;

export interface SplitScores {
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
}

export interface Predictions extends SplitScores {
  /** Class probabilities, row-major [count, classes]. */
  readonly probabilities: Float32Array;
  readonly classes: number;
}

/**
 * Runs the model over a split in chunks (inference mode: dropout off, BatchNorm on its moving statistics) and
 * returns the class probabilities with the mean cross-entropy and the accuracy. Every tensor is disposed per
 * chunk. `between` is awaited after each chunk (stop/pause stay responsive during a long evaluation).
 */
export async function predictSplit(
  model: tf.LayersModel,
  split: Split,
  transform: ImageTransform,
  options: {
    stats: ChannelStats | null;
    outputActivation: 'softmax' | 'logits';
    between?: () => Promise<unknown>;
  },
): Promise<Predictions> {
  const classes = (model.outputs[0]?.shape[1] as number | undefined) ?? 0;
  const probabilities = new Float32Array(split.count * classes);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += CHUNK) {
    const indices = Int32Array.from({ length: Math.min(CHUNK, split.count - start) }, (_, i) => start + i);
    const batch = makeBatch(split, indices, transform.from, {
      transform,
      ...(options.stats === null ? {} : { stats: options.stats }),
    });
    const out = tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [batch.count, ...transform.to]);
      const y = model.predict(x) as tf.Tensor;
      return options.outputActivation === 'logits' ? tf.softmax(y) : y;
    });
    const values = (await out.data()) as Float32Array;
    out.dispose();
    probabilities.set(values, start * classes);
    for (let i = 0; i < batch.count; i++) {
      const label = batch.labels[i] as number;
      const row = values.subarray(i * classes, (i + 1) * classes);
      const p = row[label] ?? 0;
      lossSum -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
      if (argmax(row) === label) correct += 1;
    }
    await options.between?.();
  }
  const count = split.count;
  return {
    loss: count > 0 ? lossSum / count : NaN,
    accuracy: count > 0 ? correct / count : NaN,
    count,
    probabilities,
    classes,
  };
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[best] as number)) best = i;
  return best;
}

const MAX_PER_IMAGE = 20_000;
const SAMPLES = 32;

/** Confusion matrix, per-image predictions and a few full probability rows (first images, first mistakes). */
export function buildEvaluation(
  split: Split,
  predictions: Predictions,
  classNames: readonly string[],
): Evaluation {
  const k = predictions.classes;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const predicted: number[] = [];
  const confidence: number[] = [];
  const labels: number[] = [];
  const first: number[] = [];
  const mistakes: number[] = [];
  for (let i = 0; i < split.count; i++) {
    const row = predictions.probabilities.subarray(i * k, (i + 1) * k);
    const p = argmax(row);
    const label = split.labels[i] as number;
    const line = confusion[label];
    if (line !== undefined) line[p] = (line[p] ?? 0) + 1;
    if (i < MAX_PER_IMAGE) {
      predicted.push(p);
      confidence.push(round(row[p] ?? 0));
      labels.push(label);
    }
    if (first.length < SAMPLES) first.push(i);
    if (p !== label && mistakes.length < SAMPLES) mistakes.push(i);
  }
  const sampleIndices = [...new Set([...first, ...mistakes])].sort((a, b) => a - b);
  return {
    classNames: [...classNames],
    testSize: split.count,
    testAccuracy: predictions.accuracy,
    testLoss: predictions.loss,
    confusion,
    predicted,
    confidence,
    labels,
    samples: sampleIndices.map((index) => ({
      index,
      label: split.labels[index] as number,
      predicted: argmax(predictions.probabilities.subarray(index * k, (index + 1) * k)),
      probabilities: Array.from(predictions.probabilities.subarray(index * k, (index + 1) * k), round),
    })),
  };
}

/** Five significant digits: plenty for a chart, a third of the JSON of a full float. */
export const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0);
