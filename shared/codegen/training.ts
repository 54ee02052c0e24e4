import type { OptimizerName } from '../api/training';
import type { KerasTopology } from './keras-topology';

/**
 * The training set-up the exported code writes (TypeScript `train()`, the PyTorch script): the optimizer and
 * hyper-parameters the user chose, or these defaults — Keras's default learning rate of each optimizer.
 */
export interface TrainingChoice {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
}

export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerName, number>> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
  adagrad: 0.01,
  adadelta: 1,
  adamax: 0.002,
};

/** Momentum of the `momentum` optimizer (SGD with momentum), as in the lecture notes. */
export const SGD_MOMENTUM = 0.9;

export interface TrainingChoiceInput {
  readonly optimizer?: OptimizerName | undefined;
  readonly learningRate?: number | undefined;
  readonly epochs?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly validationSplit?: number | undefined;
}

export function trainingChoice(input: TrainingChoiceInput = {}): TrainingChoice {
  const optimizer = input.optimizer ?? 'adam';
  return {
    optimizer,
    learningRate: input.learningRate ?? DEFAULT_LEARNING_RATES[optimizer],
    epochs: input.epochs ?? 3,
    batchSize: input.batchSize ?? 64,
    validationSplit: input.validationSplit ?? 0.1,
  };
}

/**
 * What the network's last layer outputs, which decides the loss: probabilities over classes (softmax →
 * categorical cross-entropy), independent probabilities (sigmoid → binary cross-entropy), or raw scores
 * (anything else → softmax cross-entropy on logits).
 */
export type OutputKind = 'softmax' | 'sigmoid' | 'logits';

export function outputKind(topology: KerasTopology): OutputKind {
  const name = topology.outputs[0];
  const last = topology.layers.find((l) => l.name === name);
  if (last === undefined) return 'logits';
  if (last.className === 'Softmax') return 'softmax';
  const activation = last.config.activation;
  if (activation === 'softmax') return 'softmax';
  if (activation === 'sigmoid') return 'sigmoid';
  return 'logits';
}
