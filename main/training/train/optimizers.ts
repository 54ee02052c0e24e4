import * as tf from '@tensorflow/tfjs';
import type { OptimizerName, TrainingConfig } from '../../../shared/api/training';

/** The seven optimizers of the contract, with tfjs's own implementations (tf.train.*). */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
    case 'adadelta':
      return tf.train.adadelta(learningRate);
    case 'adamax':
      return tf.train.adamax(learningRate);
  }
}

/**
 * Changes the learning rate between steps (the schedule). SGD and momentum keep it as a scalar tensor (their
 * setLearningRate rebuilds it); the others read the `learningRate` field at every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

/** The learning rate of epoch `epoch` (1-based) under the run's schedule. */
export function learningRateAt(
  config: Pick<TrainingConfig, 'schedule' | 'epochs'>,
  base: number,
  epoch: number,
): number {
  const schedule = config.schedule;
  const done = epoch - 1;
  if (schedule.kind === 'constant') return base;
  if (schedule.kind === 'step') return base * schedule.factor ** Math.floor(done / schedule.everyEpochs);
  // Half a cosine over the whole run: the last epoch still trains (at min + (base − min)·(1 − cos(π/E))/2).
  const min = Math.min(schedule.minLearningRate, base);
  return min + ((base - min) * (1 + Math.cos((Math.PI * done) / Math.max(1, config.epochs)))) / 2;
}
