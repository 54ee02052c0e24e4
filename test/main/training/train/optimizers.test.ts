import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, learningRateAt, setLearningRate } from '../../../../main/training/train/optimizers';
import { DEFAULT_LEARNING_RATES, OPTIMIZERS, initialLearningRate } from '../../../../shared/api/training';
import { trainConfig } from './graphs';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** One step of minimising (w − 3)² from w = 0: how far w moved. */
function step(optimizer: tf.Optimizer): number {
  const w = tf.variable(tf.scalar(0));
  optimizer.minimize(() => tf.square(tf.sub(w, 3)) as tf.Scalar);
  const moved = w.dataSync()[0] as number;
  w.dispose();
  return moved;
}

describe('optimizers', () => {
  it.each(OPTIMIZERS)('%s is a tfjs optimizer that moves the weight towards the minimum', (name) => {
    const optimizer = createOptimizer(name, DEFAULT_LEARNING_RATES[name]);
    expect(step(optimizer)).toBeGreaterThan(0);
    optimizer.dispose();
  });

  it.each(OPTIMIZERS)('%s: setLearningRate changes the size of the next step', (name) => {
    const a = createOptimizer(name, 0.01);
    const b = createOptimizer(name, 0.01);
    setLearningRate(b, 0.001);
    const big = step(a);
    const small = step(b);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(big * 0.5);
    a.dispose();
    b.dispose();
  });

  it('the initial learning rate is the configured one, else the optimizer default', () => {
    expect(initialLearningRate({ optimizer: 'sgd' })).toBe(0.01);
    expect(initialLearningRate({ optimizer: 'adam' })).toBe(0.002);
    expect(initialLearningRate({ optimizer: 'adam', learningRate: 0.1 })).toBe(0.1);
  });
});

describe('learning-rate schedules (per epoch, 1-based)', () => {
  it('constant', () => {
    const c = trainConfig({ epochs: 4, schedule: { kind: 'constant' } });
    expect([1, 2, 3, 4].map((e) => learningRateAt(c, 0.1, e))).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('step: × factor every N epochs', () => {
    const c = trainConfig({ epochs: 5, schedule: { kind: 'step', everyEpochs: 2, factor: 0.5 } });
    expect([1, 2, 3, 4, 5].map((e) => learningRateAt(c, 0.1, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('cosine (the default): from the rate at epoch 1 towards the minimum, the last epoch still training', () => {
    const c = trainConfig({ epochs: 3 });
    expect(c.schedule).toEqual({ kind: 'cosine', minLearningRate: 0 });
    const rates = [1, 2, 3].map((e) => learningRateAt(c, 0.002, e));
    expect(rates[0]).toBeCloseTo(0.002, 12);
    expect(rates[1]).toBeCloseTo(0.0015, 12);
    expect(rates[2]).toBeCloseTo(0.0005, 12);
    const floor = trainConfig({ epochs: 2, schedule: { kind: 'cosine', minLearningRate: 0.001 } });
    expect(learningRateAt(floor, 0.003, 2)).toBeCloseTo(0.002, 12);
  });
});
