import { z } from 'zod';

/**
 * Training configuration and the event stream of a run. The event shapes are the `stride train --json`
 * contract (ARCHITECTURE.md "CLI"): one object per line, `type` in start|batch|epoch|end|error. Extra fields are
 * allowed (loose objects) so that a newer worker can say more without breaking an older reader.
 */
export const BACKENDS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export const BackendChoiceSchema = z.enum(BACKENDS);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const;
export const OptimizerSchema = z.enum(OPTIMIZERS);
export type OptimizerName = z.infer<typeof OptimizerSchema>;

export const TrainingConfigSchema = z.strictObject({
  /** `mnist`, `shapes`, or a path to an image folder / IDX / CIFAR-10 binary file on the host. */
  dataset: z.string().min(1).max(4096),
  epochs: z.number().int().min(1).max(10_000).default(3),
  batchSize: z.number().int().min(1).max(65_536).default(64),
  optimizer: OptimizerSchema.default('adam'),
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
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  augment: z
    .strictObject({
      shift: z.number().min(0).max(0.5).default(0),
      flip: z.boolean().default(false),
      rotateDegrees: z.number().min(0).max(180).default(0),
    })
    .optional(),
  earlyStopping: z.strictObject({ patience: z.number().int().min(1).max(1000) }).optional(),
  schedule: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('step'),
        everyEpochs: z.number().int().min(1),
        factor: z.number().positive().max(1),
      }),
      z.strictObject({ kind: z.literal('cosine'), minLearningRate: z.number().min(0).default(0) }),
    ])
    .optional(),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;

export const SkippedBackendSchema = z.object({ backend: z.string(), reason: z.string() });

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
});
export const EndEventSchema = z.looseObject({
  type: z.literal('end'),
  testAccuracy: z.number().nullable(),
  testLoss: z.number().nullable(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  modelDir: z.string().nullable(),
  stopped: z.boolean().default(false),
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

export const RunStatusSchema = z.enum(['queued', 'running', 'paused', 'completed', 'stopped', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;
