import type { OptimizerName, Schedule } from '../api/training';
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
  logits: {
    code: '(labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits)',
    text: 'softmax cross-entropy on the raw scores (the network ends without softmax)',
  },
};

/** The schedule as the lines that set `rate` from `learningRate`, `epoch` (0-based) and `epochs`. */
function scheduleLines(s: Schedule): string[] {
  switch (s.kind) {
    case 'constant':
      return ['const rate = learningRate;'];
    case 'step':
      return [`const rate = learningRate * ${tsNumber(s.factor)} ** Math.floor(epoch / ${s.everyEpochs});`];
    case 'cosine':
      return [
        `const min = Math.min(${tsNumber(s.minLearningRate)}, learningRate);`,
        'const rate = min + ((learningRate - min) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs)))) / 2;',
      ];
  }
}

const scheduleText = (s: Schedule): string =>
  s.kind === 'constant'
    ? 'a constant learning rate'
    : s.kind === 'step'
      ? `the learning rate × ${tsNumber(s.factor)} every ${s.everyEpochs} epochs`
      : `the learning rate decays along half a cosine over the epochs (to ${tsNumber(s.minLearningRate)})`;

/**
 * `train()` and its option types, with the chosen optimizer and hyper-parameters as defaults — the app's own
 * unless the user chose others (shared/codegen/training.ts). Initialisation is tfjs's Keras default (Glorot
 * uniform, zero bias), as in the app.
 */
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
 * Trains the model as configured in Stride: ${OPTIMIZER_LABELS[choice.optimizer]}, learning rate ${tsNumber(choice.learningRate)}, batch ${choice.batchSize}, ${choice.epochs} epoch${choice.epochs === 1 ? '' : 's'};
 * ${scheduleText(choice.schedule)};
 * ${percent}% of the data held out for validation (fit's last ${percent}%; Stride holds out a seeded random share).
 * Loss: ${loss.text}.
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
  const optimizer = ${optimizerCall(choice.optimizer)};
  model.compile({ optimizer, loss: ${loss.code}, metrics: ['accuracy'] });
  // The learning rate of each epoch: SGD and momentum keep it in a tensor (setLearningRate), the others in a field.
  const schedule = (epoch: number): void => {
${scheduleLines(choice.schedule)
  .map((l) => `    ${l}`)
  .join('\n')}
    const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
    if (typeof o.setLearningRate === 'function') o.setLearningRate(rate);
    else o.learningRate = rate;
  };
  const callbacks = {
    onEpochBegin: (epoch: number) => schedule(epoch),
    ...(options.onEpochEnd === undefined ? {} : { onEpochEnd: options.onEpochEnd }),
  };
  return model.fit(data.xs, data.ys, { epochs, batchSize, validationSplit, shuffle: true, callbacks });
}
`;
}
