import { z } from 'zod';
import { GraphDocSchema } from '../graph/schema';
import { ActivationSchema } from '../layers/common/params';
import {
  BatchEventSchema,
  EndEventSchema,
  EpochEventSchema,
  ErrorEventSchema,
  MemoryEstimateSchema,
  RunStatusSchema,
  SkippedBackendSchema,
  StartEventSchema,
  TrainingConfigSchema,
} from './training';

/**
 * What a run leaves on disk (docs/training.md "Run folders"), one folder per run under <dataDir>/runs/<runId>/:
 *   run.json         RunRecord: config, graph snapshot + hash, backend, device, timings, status, result
 *   metrics.jsonl    every training event as it happened, one JSON object per line (append-only)
 *   model/           the trained model in tfjs format (model.json + weights.bin)
 *   evaluation.json  Evaluation: confusion matrix, per-image predictions, sample probabilities
 *   filters-initial.json  Filters: the first convolution's kernels as initialised (written at the start)
 *   filters.json     Filters: the first convolution's kernels after training
 *   error.log        the worker's last output, when the run failed
 * The schemas are shared so the host validates what it reads and the UI gets typed values.
 */
export const RunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

export const RUN_FORMAT = 'stride-run';
export const RUN_FORMAT_VERSION = 1;

export const RunErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().nullable(),
});

/**
 * The project a run came from, as the app knew it when the run started: the project file when saved (its path
 * is the project's key), else only the document's name. Null for runs started elsewhere (the CLI) or before
 * runs recorded it.
 */
export const RunProjectSchema = z.strictObject({
  path: z.string().min(1).max(4096).nullable(),
  name: z.string().max(500),
});
export type RunProject = z.infer<typeof RunProjectSchema>;

export const RunRecordSchema = z.looseObject({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_FORMAT_VERSION),
  runId: RunIdSchema,
  name: z.string(),
  status: RunStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  config: TrainingConfigSchema,
  /** The graph as it was trained (a later edit of the project does not change the run). */
  graph: GraphDocSchema,
  /** sha256 of the graph's structure (node ids, kinds, params, bodies, edges; positions and names excluded). */
  graphHash: z.string(),
  project: RunProjectSchema.nullable().default(null),
  params: z.number().int().nullable(),
  backend: z.string().nullable(),
  rung: z.string().nullable(),
  device: z.string().nullable(),
  skipped: z.array(SkippedBackendSchema),
  /** Why this backend (the start event's selectedBecause); null in runs from before it was recorded. */
  selectedBecause: z.string().nullable().default(null),
  /** The torch rungs' engine: python, torch and CUDA versions, device, processes, feed (else null). */
  engine: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .nullable()
    .default(null),
  kernels: z.array(z.string()),
  sizes: z
    .object({
      train: z.number().int(),
      validation: z.number().int(),
      test: z.number().int(),
      batchesPerEpoch: z.number().int(),
    })
    .nullable(),
  classNames: z.array(z.string()),
  inputShape: z.array(z.number().int()).nullable(),
  outputActivation: z.enum(['softmax', 'logits']).nullable(),
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }).nullable(),
  learningRate: z.number().nullable(),
  memory: MemoryEstimateSchema.extend({ budgetBytes: z.number(), budgetSource: z.string() }).nullable(),
  timings: z.object({
    /** ISO times. */
    startedAt: z.string().nullable(),
    firstBatchAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    /** Wall time from the request to the end. */
    seconds: z.number().nullable(),
    imagesPerSecond: z.number().nullable(),
  }),
  progress: z.object({ epochsDone: z.number().int(), epochs: z.number().int() }),
  result: z.object({
    testAccuracy: z.number().nullable(),
    testLoss: z.number().nullable(),
    bestValAccuracy: z.number().nullable(),
    bestEpoch: z.number().int().nullable(),
    stopped: z.boolean(),
    earlyStopped: z.boolean(),
    modelDir: z.string().nullable(),
  }),
  error: RunErrorSchema.nullable(),
  /** The process that owns a running run: a run left `running` by a dead owner is marked failed. */
  owner: z.object({ pid: z.number().int(), hostname: z.string() }).nullable(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const EvaluationSchema = z.object({
  classNames: z.array(z.string()),
  testSize: z.number().int(),
  testAccuracy: z.number(),
  testLoss: z.number(),
  /** confusion[trueClass][predictedClass] = count. */
  confusion: z.array(z.array(z.number().int())),
  /** Per test image (in test-split order, up to 20,000): predicted class and its probability. */
  predicted: z.array(z.number().int()),
  confidence: z.array(z.number()),
  labels: z.array(z.number().int()),
  /** Full class probabilities of a few images: the first test images and the first mistakes. */
  samples: z.array(
    z.object({
      index: z.number().int(),
      label: z.number().int(),
      predicted: z.number().int(),
      probabilities: z.array(z.number()),
    }),
  ),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const FiltersSchema = z.object({
  /** The graph node (a block's part id for a filter inside a block) and the tfjs layer. */
  nodeId: z.string(),
  layer: z.string(),
  kernel: z.tuple([z.number().int(), z.number().int()]),
  channels: z.number().int(),
  count: z.number().int(),
  min: z.number(),
  max: z.number(),
  /** filters[f][c][y][x]; at most 256 filters × 64 channels are kept. */
  filters: z.array(z.array(z.array(z.array(z.number())))),
  bias: z.array(z.number()).nullable(),
});
export type Filters = z.infer<typeof FiltersSchema>;

/** Which filters of a run: as initialised before the first batch, or as trained (seed 000's before/after). */
export const FiltersWhichSchema = z.enum(['initial', 'final']);
export type FiltersWhich = z.infer<typeof FiltersWhichSchema>;

export const ImageDataSchema = z.object({
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  /** Row-major H×W×C bytes 0–255 (the dataset's [0, 1] pixels × 255, before normalisation). */
  pixels: z.array(z.number().int().min(0).max(255)),
});

export const TestImageSchema = ImageDataSchema.extend({
  index: z.number().int(),
  label: z.number().int(),
  className: z.string(),
});
export type TestImage = z.infer<typeof TestImageSchema>;
export const TestImagesSchema = z.object({ testSize: z.number().int(), images: z.array(TestImageSchema) });
export type TestImages = z.infer<typeof TestImagesSchema>;

export const FeatureMapLayerSchema = z.object({
  nodeId: z.string(),
  layer: z.string(),
  /** With layers 'all': the primitive's kind and display name. */
  kind: z.string().optional(),
  name: z.string().optional(),
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  /** How many channels are in `maps` (the first ones; all when under the limit). */
  channelsShown: z.number().int(),
  min: z.number(),
  max: z.number(),
  /** maps[c][y][x]. */
  maps: z.array(z.array(z.array(z.number()))),
});
export const FeatureMapsSchema = z.object({
  imageIndex: z.number().int(),
  label: z.number().int(),
  predicted: z.number().int(),
  probabilities: z.array(z.number()),
  image: ImageDataSchema,
  layers: z.array(FeatureMapLayerSchema),
});
export type FeatureMaps = z.infer<typeof FeatureMapsSchema>;

/** Which layers a feature-map answer covers: the convolutions only, or every layer with an image output. */
export const FeatureMapLayersSchema = z.enum(['conv', 'all']);
export type FeatureMapLayers = z.infer<typeof FeatureMapLayersSchema>;

const Int2 = z.tuple([z.number().int(), z.number().int()]);
const Int3 = z.tuple([z.number().int(), z.number().int(), z.number().int()]);

/**
 * The exact numbers behind a few output pixels of one convolution or pooling layer of a trained run, for one
 * test image: the layer's geometry, the input values its windows read (cut from the layer's real input, with
 * where the cut sits), the filter and bias of the output channel, and what the model computed there. The
 * explainer redoes the sum from these and shows it matches. Coordinates are the layer input's, unpadded;
 * `padding` is the layer's own, so the padding cells of the cut are known from its position.
 */
export const LayerWindowSchema = z.object({
  imageIndex: z.number().int(),
  /** The primitive (a block's part id inside a block) and its tfjs layer. */
  nodeId: z.string(),
  layer: z.string(),
  name: z.string(),
  kind: z.enum(['conv2d', 'depthwiseconv2d', 'maxpool2d', 'avgpool2d', 'minpool2d']),
  inputShape: Int3,
  outputShape: Int3,
  kernel: Int2,
  stride: Int2,
  dilation: Int2,
  /** [top, bottom, left, right] the layer pads, and whether those cells count as zeros or are left out. */
  pads: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  padCells: z.enum(['zeros', 'excluded']),
  /**
   * Of pads' bottom and right: the rows/columns a ceil-mode pooling's last window reaches past the padding.
   * They never win, even where the other padding cells are zeros. Absent: none.
   */
  overhang: z.tuple([z.number().int(), z.number().int()]).optional(),
  activation: ActivationSchema,
  /** The output channel explained and the output rows/cols shown: [oy, oy + h) × [ox, ox + w). */
  channel: z.number().int(),
  region: z.object({ oy: z.number().int(), ox: z.number().int(), h: z.number().int(), w: z.number().int() }),
  /** The pixel asked about (inside the region). */
  pixel: z.object({ oy: z.number().int(), ox: z.number().int() }),
  /**
   * The layer-input channels the patch holds, in order: every channel for a convolution, its group's for a
   * grouped or depthwise one, the explained channel for a pooling.
   */
  inputChannels: z.array(z.number().int()),
  /** input[c][y][x] for rows [y0, y0 + rows) and cols [x0, x0 + cols) of the layer's input. */
  patch: z.object({
    y0: z.number().int(),
    x0: z.number().int(),
    values: z.array(z.array(z.array(z.number()))),
  }),
  /**
   * Convolution: the output channel's filter [c][ky][kx] over `inputChannels` and its bias (null without
   * bias); pooling: null.
   */
  filter: z.array(z.array(z.array(z.number()))).nullable(),
  bias: z.number().nullable(),
  /** What the trained model computed over the region, [y][x], after the layer's activation. */
  output: z.array(z.array(z.number())),
});
export type LayerWindow = z.infer<typeof LayerWindowSchema>;

/** A run's curves: what metrics.jsonl holds, batch points thinned to at most `maxBatchPoints`. */
export const RunMetricsSchema = z.object({
  start: StartEventSchema.nullable(),
  batches: z.array(BatchEventSchema),
  /** 1 when every batch is listed; k when every k-th is (the last batch of each epoch is always kept). */
  batchStride: z.number().int(),
  epochs: z.array(EpochEventSchema),
  end: EndEventSchema.nullable(),
  error: ErrorEventSchema.nullable(),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

export const RunDetailSchema = RunRecordSchema.extend({
  /** The tail of the worker's output for a failed run (error.log), else null. */
  log: z.string().nullable(),
  hasModel: z.boolean(),
  hasEvaluation: z.boolean(),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;
