import { z } from 'zod';
import { StrideErrorSchema } from './errors';
import { DoctorReportSchema, RungNameSchema } from './ns/system';
import { GraphDocSchema } from '../graph/schema';
import {
  EvaluationSchema,
  FeatureMapLayersSchema,
  FeatureMapsSchema,
  LayerWindowSchema,
  TestImagesSchema,
} from './runs';
import {
  BackendChoiceSchema,
  EndEventSchema,
  InputTransformSchema,
  NormalizeSchema,
  TrainingConfigSchema,
  TrainingEventSchema,
} from './training';

/**
 * The message protocol between the host (main/host/worker) and the training worker process
 * (main/training/worker.ts), validated with zod on both sides. A host `request` starts a job; the worker
 * answers it with any number of `event`s and exactly one `result`. `control` steers a running job (stop,
 * pause and resume act between two batches). Everything is plain JSON, so it crosses `child_process.fork`
 * IPC and Electron's utilityProcess ports alike.
 */
export const WORKER_PROTOCOL_VERSION = 1;

export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

export const DeviceMemorySchema = z.object({
  totalBytes: z.number().nullable(),
  maxTensorBytes: z.number().nullable(),
  source: z.string(),
});

export const BackendInfoSchema = z.object({
  rung: RungNameSchema,
  backend: z.string(),
  device: z.string(),
  kernels: z.array(z.string()),
  details: z.record(z.string(), z.string()),
  memory: DeviceMemorySchema,
  skipped: z.array(z.object({ backend: z.string(), reason: z.string() })),
});
export type BackendInfo = z.infer<typeof BackendInfoSchema>;

export const BenchmarkResultSchema = z.object({
  model: z.string(),
  params: z.number().int(),
  backend: BackendInfoSchema,
  stockKernels: z.boolean(),
  batchSize: z.number().int(),
  batches: z.number().int(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  millisecondsPerBatch: z.array(z.number()),
  finalLoss: z.number(),
  stopped: z.boolean(),
  /** Per-kernel time of one extra profiled step (tf.profile), largest first, when asked for. */
  profile: z
    .array(z.object({ kernel: z.string(), inputShapes: z.string(), milliseconds: z.number() }))
    .optional(),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

const positive = (max: number) => z.number().int().min(1).max(max);

export const WorkerCommandSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('doctor'), probe: z.boolean().default(true) }),
  z.strictObject({ kind: z.literal('selectBackend'), backend: BackendChoiceSchema.default('auto') }),
  z.strictObject({
    kind: z.literal('benchmark'),
    backend: BackendChoiceSchema.default('auto'),
    /**
     * `mnist-keras`: the seed net built directly with tf.layers ('valid' convolutions, like the PyTorch peer);
     * `mnist-keras-graph`: the preset compiled by Stride's graph compiler, exactly what `stride train
     * preset:mnist-keras` trains ('same' convolutions: more arithmetic), for end-to-end against kernel-only.
     */
    model: z.enum(['mnist-keras', 'mnist-keras-graph', 'lenet-small']).default('mnist-keras'),
    batchSize: positive(4096).default(64),
    batches: positive(100_000).default(20),
    warmupBatches: z.number().int().min(0).max(100).default(2),
    /** Measure with the stock tfjs kernels instead of ours (comparison only). */
    stockKernels: z.boolean().default(false),
    seed: z.number().int().min(0).default(1),
    profile: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('train'),
    runId: JobIdSchema,
    graph: GraphDocSchema,
    config: TrainingConfigSchema,
    /** Run folder on the host's disk (run.json, metrics.jsonl, model); null keeps nothing. */
    outDir: z.string().max(4096).nullable(),
    /** The tfjs model (folder) config.initialWeights names, resolved by the host; absent: seeded weights. */
    initialWeightsDir: z.string().max(4096).optional(),
  }),
  /** Every convolution's output for one test image, with the model saved in `runDir` (reads its run.json). */
  z.strictObject({
    kind: z.literal('featureMaps'),
    runDir: z.string().max(4096),
    imageIndex: z.number().int().min(0),
    maxChannels: z.number().int().min(1).max(512).default(32),
    layers: FeatureMapLayersSchema.default('conv'),
  }),
  /** The window, weights and output behind pixels of one conv/pool layer (see runs.layerWindow). */
  z.strictObject({
    kind: z.literal('layerWindow'),
    runDir: z.string().max(4096),
    imageIndex: z.number().int().min(0),
    nodeId: z.string().min(1).max(400),
    oy: z.number().int().min(0),
    ox: z.number().int().min(0),
    channel: z.number().int().min(0),
    size: z.number().int().min(1).max(7).default(3),
  }),
  /** Test-split images of the run in `runDir` (its dataset, seed and input shape from run.json). */
  z.strictObject({
    kind: z.literal('testImages'),
    runDir: z.string().max(4096),
    indices: z.array(z.number().int().min(0)).min(1).max(256),
  }),
  /**
   * A saved model (an import's or a run's tfjs model in `modelDir`) scored on a dataset's test split without
   * training: accuracy, confusion matrix and predictions (models.evaluate).
   */
  z.strictObject({
    kind: z.literal('evaluate'),
    modelDir: z.string().max(4096),
    graph: GraphDocSchema,
    dataset: z.string().min(1).max(4096),
    seed: z.number().int().min(0).default(1),
    limit: z.number().int().min(1).optional(),
    transform: InputTransformSchema.optional(),
    normalize: NormalizeSchema.default('unit'),
  }),
  /** Fault injection for tests (honoured only when the worker runs with STRIDE_WORKER_DEBUG=1). */
  z.strictObject({
    kind: z.literal('debug'),
    action: z.enum(['echo', 'hang', 'crash', 'exit', 'oom', 'log', 'throw', 'ticks']),
    value: z.unknown().optional(),
  }),
]);
export type WorkerCommand = z.infer<typeof WorkerCommandSchema>;
export type WorkerCommandInput = z.input<typeof WorkerCommandSchema>;
export type WorkerCommandKind = WorkerCommand['kind'];
export type WorkerCommandInputOf<K extends WorkerCommandKind> = Extract<WorkerCommandInput, { kind: K }>;

/** What each command resolves to (checked by the host before the caller sees it). */
export const WorkerResultSchemas = {
  doctor: DoctorReportSchema,
  selectBackend: BackendInfoSchema,
  benchmark: BenchmarkResultSchema,
  train: EndEventSchema,
  featureMaps: FeatureMapsSchema,
  layerWindow: LayerWindowSchema,
  testImages: TestImagesSchema,
  evaluate: EvaluationSchema,
  debug: z.unknown(),
} as const satisfies Record<WorkerCommandKind, z.ZodType>;
export type WorkerResultOf<K extends WorkerCommandKind> = z.output<(typeof WorkerResultSchemas)[K]>;

export const ControlActionSchema = z.enum(['stop', 'pause', 'resume']);
export type ControlAction = z.infer<typeof ControlActionSchema>;

export const HostToWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request'), id: JobIdSchema, command: WorkerCommandSchema }),
  z.strictObject({ type: z.literal('control'), id: JobIdSchema, action: ControlActionSchema }),
  z.strictObject({ type: z.literal('shutdown') }),
]);
export type HostToWorker = z.infer<typeof HostToWorkerSchema>;
export type HostToWorkerInput = z.input<typeof HostToWorkerSchema>;

/** Job events: the training events of the `stride train --json` contract (benchmarks emit `batch` too). */
export const WorkerEventSchema = TrainingEventSchema;
export type WorkerEvent = z.infer<typeof WorkerEventSchema>;

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);

export const WorkerToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    protocol: z.literal(WORKER_PROTOCOL_VERSION),
    pid: z.number().int(),
    versions: z.record(z.string(), z.string()),
  }),
  z.strictObject({ type: z.literal('event'), id: JobIdSchema, event: WorkerEventSchema }),
  z.strictObject({ type: z.literal('result'), id: JobIdSchema, ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ type: z.literal('failure'), id: JobIdSchema, error: StrideErrorSchema }),
  z.strictObject({
    type: z.literal('log'),
    level: LogLevelSchema,
    message: z.string().max(64 * 1024),
    id: JobIdSchema.optional(),
  }),
]);
export type WorkerToHost = z.infer<typeof WorkerToHostSchema>;
export type WorkerToHostInput = z.input<typeof WorkerToHostSchema>;

/** Codes of failures that come from the worker process itself (not from the job it ran). */
export const WorkerErrorCode = {
  crashed: 'WORKER_CRASHED',
  outOfMemory: 'WORKER_OUT_OF_MEMORY',
  startFailed: 'WORKER_START_FAILED',
  protocol: 'WORKER_PROTOCOL',
  jobFailed: 'WORKER_JOB_FAILED',
  unsupported: 'WORKER_UNSUPPORTED',
  stopped: 'WORKER_STOPPED',
} as const;
