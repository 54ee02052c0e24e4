import { z } from 'zod';

/**
 * Training configuration and the event stream of a run. The event shapes are the `stride train --json`
 * contract (README "Command line", docs/training.md): one object per line, `type` in start|batch|epoch|end|error. Extra fields are
 * allowed (loose objects) so that a newer worker can say more without breaking an older reader.
 */
export const BACKENDS = ['auto', 'torch', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export const BackendChoiceSchema = z.enum(BACKENDS);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const;
export const OptimizerSchema = z.enum(OPTIMIZERS);
export type OptimizerName = z.infer<typeof OptimizerSchema>;

/**
 * The learning rate each optimizer uses when none is given: the usual published defaults (Keras / the
 * papers), except plain SGD, whose 0.01 is the common teaching value, and Adam: 0.002 instead of 0.001,
 * because runs here are short (3 epochs of 7,200 MNIST images reach 96–97 % test accuracy at 0.001 and
 * 97–98 % at 0.002 with the default cosine decay; docs/training.md has the measurements). Adadelta's 1.0 is
 * Zeiler's (it adapts its own step size; tf.keras's 0.001 makes it barely move).
 */
export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerName, number>> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.002,
  rmsprop: 0.001,
  adagrad: 0.01,
  adadelta: 1.0,
  adamax: 0.002,
};

/**
 * The defaults of a run (why these: docs/training.md "Why these defaults"). The exports' train() and training
 * script use the same (shared/codegen/training.ts), so exported code trains like the app.
 */
export const TRAINING_DEFAULTS = {
  epochs: 3,
  batchSize: 32,
  optimizer: 'adam',
  validationSplit: 0.1,
  schedule: { kind: 'cosine', minLearningRate: 0 },
} as const satisfies {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  validationSplit: number;
  schedule: { kind: 'cosine'; minLearningRate: number };
};

/** The learning rate a run starts with: the configured one, else the optimizer's default. */
export const initialLearningRate = (config: Pick<TrainingConfig, 'optimizer' | 'learningRate'>): number =>
  config.learningRate ?? DEFAULT_LEARNING_RATES[config.optimizer];

export const NORMALIZATIONS = ['unit', 'standardize', 'dataset'] as const;
export const NormalizeSchema = z.enum(NORMALIZATIONS);
export type Normalization = z.infer<typeof NormalizeSchema>;

const side = z.number().int().min(1).max(4096);
const padding = z.number().int().min(0).max(1024);
export const InputTransformSchema = z.strictObject({
  pad: z.tuple([padding, padding, padding, padding]).optional(),
  resize: z.tuple([side, side]).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
});

/**
 * Learning rate per epoch: `constant`; `step` multiplies it by `factor` every `everyEpochs` epochs; `cosine`
 * (the default) follows half a cosine from the initial rate at epoch 1 towards `minLearningRate` after the
 * last epoch: epoch e (1-based) of E trains at min + (lr − min)·(1 + cos(π·(e − 1)/E))/2.
 */
export const ScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  z.strictObject({
    kind: z.literal('step'),
    everyEpochs: z.number().int().min(1),
    factor: z.number().positive().max(1),
  }),
  z.strictObject({ kind: z.literal('cosine'), minLearningRate: z.number().min(0).default(0) }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

const SourceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);
export const InitialWeightsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('run'), runId: SourceIdSchema }),
  z.strictObject({ kind: z.literal('import'), importId: SourceIdSchema }),
]);
export type InitialWeights = z.infer<typeof InitialWeightsSchema>;

export const TrainingConfigSchema = z.strictObject({
  /**
   * `mnist` (the official 60,000 / 10,000 split), `mnist-10k` (10,000 digits, split 8,000 / 2,000 by seed: quick),
   * `shapes`, or a path to an image folder / IDX / CIFAR-10 binary file on the host.
   */
  dataset: z.string().min(1).max(4096),
  epochs: z.number().int().min(1).max(10_000).default(TRAINING_DEFAULTS.epochs),
  /** 32, as Keras's `fit`: more steps per epoch, which is what short runs on small datasets need. */
  batchSize: z.number().int().min(1).max(65_536).default(TRAINING_DEFAULTS.batchSize),
  optimizer: OptimizerSchema.default(TRAINING_DEFAULTS.optimizer),
  learningRate: z.number().positive().max(10).optional(),
  backend: BackendChoiceSchema.default('auto'),
  /** Train on only the first N images of the training split (the test split is unchanged). */
  limit: z.number().int().min(1).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  validationSplit: z.number().min(0).max(0.5).default(TRAINING_DEFAULTS.validationSplit),
  /**
   * Pixel scaling: `unit` keeps [0, 1] (what a saved model then expects); `standardize` subtracts the per-channel
   * mean and divides by the standard deviation of the training images; `dataset` uses the dataset's published
   * constants (MNIST 0.1307 / 0.3081, Fashion-MNIST, CIFAR-10), else what `standardize` computes. Stored with
   * the run either way.
   */
  normalize: NormalizeSchema.default('unit'),
  /**
   * Turns the dataset's images into the graph's input (shared/datasets/transform.ts): `channels`, then
   * `resize` [height, width] (bilinear), then `pad` [top, bottom, left, right] with zeros.
   */
  transform: InputTransformSchema.optional(),
  augment: z
    .strictObject({
      shift: z.number().min(0).max(0.5).default(0),
      flip: z.boolean().default(false),
      rotateDegrees: z.number().min(0).max(180).default(0),
    })
    .optional(),
  /** Stop when the validation loss (training loss without a validation split) has not improved for `patience` epochs. */
  earlyStopping: z
    .strictObject({
      patience: z.number().int().min(1).max(1000),
      minDelta: z.number().min(0).default(0),
    })
    .optional(),
  /** Learning rate per epoch (ScheduleSchema). */
  schedule: ScheduleSchema.default({ ...TRAINING_DEFAULTS.schedule }),
  /**
   * Start from these weights instead of the seeded initialisation: a finished run's model or an imported
   * model's weights. Matched by layer name and shape; a layer with no match (a replaced head: 1000 classes →
   * the dataset's N) starts from the seeded initialisation, and the run's log and start event name it.
   */
  initialWeights: InitialWeightsSchema.optional(),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;

export const SkippedBackendSchema = z.object({ backend: z.string(), reason: z.string() });

/** Training memory estimate (shared/analysis/memory.ts), float32 bytes; what the start check compares. */
export const MemoryEstimateSchema = z.object({
  weightBytes: z.number(),
  gradientBytes: z.number(),
  optimizerBytes: z.number(),
  activationBytes: z.number(),
  inputBytes: z.number(),
  totalBytes: z.number(),
  /** The largest single tensor of a batch (a GPU refuses one buffer over its limit). */
  largestTensorBytes: z.number(),
});
export type MemoryEstimate = z.infer<typeof MemoryEstimateSchema>;

export const StartEventSchema = z.looseObject({
  type: z.literal('start'),
  runId: z.string(),
  backend: z.string(),
  device: z.string(),
  skipped: z.array(SkippedBackendSchema),
  epochs: z.number().int(),
  batchesPerEpoch: z.number().int(),
  trainSize: z.number().int(),
  validationSize: z.number().int(),
  testSize: z.number().int(),
  /** Also sent by the training worker (optional for older readers): */
  rung: z.string().optional(),
  kernels: z.array(z.string()).optional(),
  params: z.number().int().optional(),
  classNames: z.array(z.string()).optional(),
  inputShape: z.array(z.number().int()).optional(),
  optimizer: z.string().optional(),
  learningRate: z.number().optional(),
  batchSize: z.number().int().optional(),
  /** `softmax` when the graph ends in a softmax; `logits` otherwise (trained with softmax cross-entropy). */
  outputActivation: z.enum(['softmax', 'logits']).optional(),
  normalization: z
    .object({ mean: z.array(z.number()), std: z.array(z.number()) })
    .nullable()
    .optional(),
  memory: MemoryEstimateSchema.extend({ budgetBytes: z.number(), budgetSource: z.string() }).optional(),
  /** Started from config.initialWeights: how many weights came from there, and which did not (seeded). */
  initialWeights: z.object({ loaded: z.number().int(), reinitialised: z.array(z.string()) }).optional(),
  /** The tfjs layers of frozen nodes (trainable: false): their weights do not change. */
  frozen: z.array(z.string()).optional(),
  /** The worker process training the run. */
  workerPid: z.number().int().optional(),
  /** Why this backend: forced by the user, or auto's order (GPU rungs first, then the faster engine). */
  selectedBecause: z.string().optional(),
  /** The torch rungs: the engine process (python) and what it runs on. */
  enginePid: z.number().int().nullable().optional(),
  engine: z
    .looseObject({
      python: z.string(),
      executable: z.string(),
      torch: z.string(),
      cuda: z.string().optional(),
      rocm: z.string().optional(),
      device: z.string(),
      /** Processes training data-parallel (torchrun, one rank reports). */
      processes: z.number().int(),
      /** How batches reach the engine: `file` (memory-mapped splits) or `stream` (prepared batches). */
      feed: z.enum(['file', 'stream']),
    })
    .optional(),
});
export const BatchEventSchema = z.looseObject({
  type: z.literal('batch'),
  epoch: z.number().int(),
  batch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  /** Wall-clock ms (Date.now()) when the batch ended in the worker: lets the UI measure its own latency. */
  time: z.number().optional(),
});
export const EpochEventSchema = z.looseObject({
  type: z.literal('epoch'),
  epoch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  learningRate: z.number().optional(),
});
export const EndEventSchema = z.looseObject({
  type: z.literal('end'),
  testAccuracy: z.number().nullable(),
  testLoss: z.number().nullable(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  modelDir: z.string().nullable(),
  stopped: z.boolean().default(false),
  runId: z.string().optional(),
  /** Ended by early stopping (not by the user). */
  earlyStopped: z.boolean().optional(),
  epochs: z.number().int().optional(),
  bestEpoch: z.number().int().nullable().optional(),
});
export const ErrorEventSchema = z.looseObject({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  nodeId: z.string().nullable().default(null),
});

export const TrainingEventSchema = z.discriminatedUnion('type', [
  StartEventSchema,
  BatchEventSchema,
  EpochEventSchema,
  EndEventSchema,
  ErrorEventSchema,
]);
export type TrainingEvent = z.infer<typeof TrainingEventSchema>;

export type StartEvent = z.infer<typeof StartEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type EpochEvent = z.infer<typeof EpochEventSchema>;
export type EndEvent = z.infer<typeof EndEventSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

/** Codes a run can fail or be refused with (besides the dataset, backend and worker codes). */
export const TrainingErrorCode = {
  graphHasErrors: 'GRAPH_HAS_ERRORS',
  outputMismatch: 'TRAINING_OUTPUT_MISMATCH',
  outOfMemoryEstimate: 'TRAINING_OUT_OF_MEMORY_ESTIMATE',
  /** A layer setting tfjs 4.22 cannot train (BatchNorm without center or scale). */
  unsupportedLayer: 'TRAINING_UNSUPPORTED_LAYER',
  /**
   * The graph ends in a map of the input's height and width (one prediction per pixel, e.g. U-Net's
   * segmentation): the trainer has classification losses only, one label per image.
   */
  perPixelOutput: 'TRAINING_PER_PIXEL_OUTPUT',
  diverged: 'TRAINING_DIVERGED',
  busy: 'TRAINING_BUSY',
  notRunning: 'TRAINING_NOT_RUNNING',
  runNotFound: 'RUN_NOT_FOUND',
  runActive: 'RUN_ACTIVE',
  runNoModel: 'RUN_NO_MODEL',
  runNoEvaluation: 'RUN_NO_EVALUATION',
  imageIndex: 'RUN_IMAGE_INDEX',
  /** layerWindow asked about a layer that is not a convolution or pooling, or a pixel outside its output. */
  notExplainable: 'RUN_NOT_EXPLAINABLE',
  /** Left running by a process that is gone (found when a host starts). */
  interrupted: 'RUN_INTERRUPTED',
  /** A failure without a code of its own (should not happen; the message says what it was). */
  failed: 'TRAINING_FAILED',
  /** A bad command line of `stride train`. */
  usage: 'CLI_USAGE',
  /** config.initialWeights names weights that cannot be read, or none of which fits the graph. */
  initialWeights: 'TRAINING_INITIAL_WEIGHTS',
} as const;

/** Codes of the torch rung's engine process (main/training/torch). */
export const TorchErrorCode = {
  /** The engine process died (killed, crashed) during a run; the run's error.log holds its last output. */
  crashed: 'TORCH_ENGINE_CRASHED',
  /** The device (GPU, or the CPU's memory) ran out of memory in a training step. */
  outOfMemory: 'TORCH_OUT_OF_MEMORY',
  /** The engine failed in a way without a code of its own (the message and error.log say how). */
  failed: 'TORCH_ENGINE_FAILED',
  /** The engine and the worker misunderstood each other (a bug: report it). */
  protocol: 'TORCH_PROTOCOL',
  /** The graph has a layer the PyTorch generator cannot write. */
  unsupported: 'TORCH_UNSUPPORTED_GRAPH',
} as const;

export const RunStatusSchema = z.enum(['queued', 'running', 'paused', 'completed', 'stopped', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;
