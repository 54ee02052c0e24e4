import * as tf from '@tensorflow/tfjs';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode, type TrainingConfig } from '../../../shared/api/training';
import { epochBatches, makeBatch, type AugmentOptions } from '../datasets/pipeline';
import { createRng } from '../datasets/random';
import type { JobContext } from '../worker/job';
import type { RunData } from './data';
import { predictSplit } from './evaluate';
import { learningRateAt, setLearningRate } from './optimizers';
import { EpochTracker, type LoopResult } from './progress';

/**
 * The epoch/batch loop: our own loop around `trainOnBatch` rather than `model.fit`, so that the batch order
 * and augmentation come from the run's seed, and so that pause can wait between two batches (fit's callbacks
 * cannot hold it). `ctx.control.checkpoint()` runs before every batch: a stop or pause sent during a batch
 * takes effect before the next one. Times exclude pauses.
 */
export type { LoopResult } from './progress';

export interface LoopInput {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly config: TrainingConfig;
  readonly baseLearningRate: number;
  readonly data: RunData;
  readonly classes: number;
  readonly outputActivation: 'softmax' | 'logits';
  readonly ctx: JobContext;
}

export async function trainLoop(input: LoopInput): Promise<LoopResult> {
  const { model, optimizer, config, data, ctx } = input;
  const augment: AugmentOptions | undefined = config.augment;
  let stopped = false;
  let earlyStopped = false;
  let epochsDone = 0;
  let trainedImages = 0;
  let trainMs = 0;
  let pausedMs = 0;
  const tracker = new EpochTracker(config);

  /**
   * checkpoint() (which also gives the event loop a turn, so host messages are read) with its wait timed; a
   * pause that takes effect is logged with where it held.
   */
  const checkpoint = async (epoch: number, done: number): Promise<boolean> => {
    const t = performance.now();
    const go = await ctx.control.checkpoint(() =>
      ctx.log('info', `paused in epoch ${epoch} after batch ${done}`),
    );
    pausedMs += performance.now() - t;
    return go;
  };

  for (let epoch = 1; epoch <= config.epochs && !stopped && !earlyStopped; epoch++) {
    const learningRate = learningRateAt(config, input.baseLearningRate, epoch);
    setLearningRate(optimizer, learningRate);
    const batches = epochBatches(data.train.count, config.batchSize, config.seed, epoch);
    const rng = createRng((config.seed * 31 + epoch * 7907) >>> 0);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let epochMs = 0;
    for (let b = 0; b < batches.length; b++) {
      if (!(await checkpoint(epoch, b))) {
        stopped = true;
        break;
      }
      const started = performance.now();
      const batch = makeBatch(data.train, batches[b] as Int32Array, data.sourceShape, {
        ...(augment === undefined ? {} : { augment }),
        rng,
        transform: data.transform,
        ...(data.stats === null ? {} : { stats: data.stats }),
      });
      const xs = tf.tensor4d(batch.images, [batch.count, ...data.shape]);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), input.classes));
      let out: number | number[];
      try {
        out = await model.trainOnBatch(xs, ys);
      } finally {
        tf.dispose([xs, ys]);
      }
      const ms = performance.now() - started;
      const [loss = NaN, accuracy = NaN] = Array.isArray(out) ? out : [out];
      if (!Number.isFinite(loss))
        throw new StrideFailure(
          TrainingErrorCode.diverged,
          `The loss became ${String(loss)} at epoch ${epoch}, batch ${b + 1}: training diverged. Lower the learning rate (it was ${learningRate}) or use adam.`,
        );
      epochMs += ms;
      seen += batch.count;
      lossSum += loss * batch.count;
      correct += accuracy * batch.count;
      ctx.emit({
        type: 'batch',
        epoch,
        batch: b + 1,
        loss,
        accuracy,
        time: Date.now(),
        imagesPerSecond: (batch.count * 1000) / Math.max(ms, 1e-3),
      });
    }
    trainMs += epochMs;
    trainedImages += seen;
    // A stop in the middle of an epoch ends the run without an epoch summary of the part that ran.
    if (stopped) break;
    const validationStarted = performance.now();
    const validation =
      data.validation.count > 0
        ? await predictSplit(model, data.validation, data.transform, {
            stats: data.stats,
            outputActivation: input.outputActivation,
          })
        : null;
    const validationMs = performance.now() - validationStarted;
    epochsDone = epoch;
    const ends = tracker.update(
      epoch,
      validation?.loss ?? lossSum / Math.max(1, seen),
      validation?.accuracy ?? null,
    );
    ctx.emit({
      type: 'epoch',
      epoch,
      loss: lossSum / Math.max(1, seen),
      accuracy: correct / Math.max(1, seen),
      valLoss: validation?.loss ?? null,
      valAccuracy: validation?.accuracy ?? null,
      seconds: (epochMs + validationMs) / 1000,
      imagesPerSecond: (seen * 1000) / Math.max(epochMs, 1e-3),
      learningRate,
      tensors: tf.memory().numTensors,
    });
    if (ends) earlyStopped = true;
  }
  return {
    stopped,
    earlyStopped,
    epochsDone,
    bestEpoch: tracker.bestEpoch,
    bestValAccuracy: tracker.bestValAccuracy,
    trainedImages,
    trainSeconds: trainMs / 1000,
    pausedSeconds: pausedMs / 1000,
  };
}
