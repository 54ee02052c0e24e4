import type { OptimizerName } from '../api/training';
import type { OutputKind, TrainingChoice } from './training';
import { SGD_MOMENTUM } from './training';
import { tsNumber } from './ts-format';

const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  sgd: 'SGD',
  momentum: `SGD with momentum ${SGD_MOMENTUM}`,
  adam: 'Adam',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  adamax: 'Adamax',
};

export const optimizerLabel = (name: OptimizerName) => OPTIMIZER_LABELS[name];

function optimizerCall(name: OptimizerName): string {
  if (name === 'momentum') return `tf.train.momentum(learningRate, ${tsNumber(SGD_MOMENTUM)})`;
  return `tf.train.${name}(learningRate)`;
}

const LOSS: Readonly<Record<OutputKind, { code: string; text: string }>> = {
  softmax: { code: "'categoricalCrossentropy'", text: 'categorical cross-entropy on the softmax output' },
  sigmoid: { code: "'binaryCrossentropy'", text: 'binary cross-entropy on the sigmoid output' },
  logits: {
    code: '(labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits)',
    text: 'softmax cross-entropy on the raw scores (the network ends without softmax)',
  },
};

/** `train()` and its option types, with the chosen optimizer and hyper-parameters as defaults. */
export function tsTrainSection(choice: TrainingChoice, output: OutputKind): string {
  const loss = LOSS[output];
  const percent = Math.round(choice.validationSplit * 100);
  return `/** Training data: images N×H×W×C (or vectors N×features) and one-hot labels N×classes. */
export interface TrainData {
  readonly xs: tf.Tensor;
  readonly ys: tf.Tensor;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly validationSplit?: number;
  readonly onEpochEnd?: (epoch: number, logs?: tf.Logs) => void;
}

/**
 * Trains the model as configured in Stride: ${OPTIMIZER_LABELS[choice.optimizer]}, learning rate ${tsNumber(choice.learningRate)}, batch ${choice.batchSize}, ${choice.epochs} epoch${choice.epochs === 1 ? '' : 's'},
 * ${percent}% of the data held out for validation. Loss: ${loss.text}.
 */
export async function train(
  model: tf.LayersModel,
  data: TrainData,
  options: TrainOptions = {},
): Promise<tf.History> {
  const epochs = options.epochs ?? ${choice.epochs};
  const batchSize = options.batchSize ?? ${choice.batchSize};
  const learningRate = options.learningRate ?? ${tsNumber(choice.learningRate)};
  const validationSplit = options.validationSplit ?? ${tsNumber(choice.validationSplit)};
  model.compile({
    optimizer: ${optimizerCall(choice.optimizer)},
    loss: ${loss.code},
    metrics: ['accuracy'],
  });
  const callbacks = options.onEpochEnd === undefined ? {} : { callbacks: { onEpochEnd: options.onEpochEnd } };
  return model.fit(data.xs, data.ys, { epochs, batchSize, validationSplit, shuffle: true, ...callbacks });
}
`;
}
