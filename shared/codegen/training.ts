import type { OptimizerName, Schedule } from '../api/training';
import type { KerasTopology } from './keras-topology';
import { DEFAULT_LEARNING_RATES, TRAINING_DEFAULTS } from '../api/training';

/**
 * The training set-up the exported code writes (TypeScript `train()`, the PyTorch script): the optimizer and
 * hyper-parameters the user chose, or the app's own defaults (shared/api/training.ts: Adam at 0.002, batch 32,
 * 3 epochs, 10 % validation, a cosine decay of the learning rate over the epochs), so that exported code trains
 * like a run in the app. Initialisation is Keras's in both (Glorot-uniform kernels, zero biases).
 */
export interface TrainingChoice {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  readonly schedule: Schedule;
}

/** Momentum of the `momentum` optimizer (SGD with momentum), as in the lecture notes. */
export const SGD_MOMENTUM = 0.9;

export interface TrainingChoiceInput {
  readonly optimizer?: OptimizerName | undefined;
  readonly learningRate?: number | undefined;
  readonly epochs?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly validationSplit?: number | undefined;
  readonly schedule?: Schedule | undefined;
}

export function trainingChoice(input: TrainingChoiceInput = {}): TrainingChoice {
  const optimizer = input.optimizer ?? TRAINING_DEFAULTS.optimizer;
  return {
    optimizer,
    learningRate: input.learningRate ?? DEFAULT_LEARNING_RATES[optimizer],
    epochs: input.epochs ?? TRAINING_DEFAULTS.epochs,
    batchSize: input.batchSize ?? TRAINING_DEFAULTS.batchSize,
    validationSplit: input.validationSplit ?? TRAINING_DEFAULTS.validationSplit,
    schedule: input.schedule ?? { ...TRAINING_DEFAULTS.schedule },
  };
}

/**
 * What the network's last layer outputs, which decides the loss, as the app trains: probabilities over
 * classes (a softmax ending → categorical cross-entropy) or anything else, read as logits (softmax
 * cross-entropy on them: the same mathematics, numerically safer).
 */
export type OutputKind = 'softmax' | 'logits';

export function outputKind(topology: KerasTopology): OutputKind {
  const name = topology.outputs[0];
  const last = topology.layers.find((l) => l.name === name);
  if (last === undefined) return 'logits';
  if (last.className === 'Softmax') return 'softmax';
  return last.config.activation === 'softmax' ? 'softmax' : 'logits';
}
