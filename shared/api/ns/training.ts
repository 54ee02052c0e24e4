import { z } from 'zod';
import { method } from '../define';
import { OnnxWrittenSchema } from './files';
import { GraphDocSchema } from '../../graph/schema';
import {
  EvaluationSchema,
  FeatureMapLayersSchema,
  FeatureMapsSchema,
  FiltersSchema,
  LayerWindowSchema,
  FiltersWhichSchema,
  RunDetailSchema,
  RunIdSchema,
  RunMetricsSchema,
  RunProjectSchema,
  TestImagesSchema,
} from '../runs';
import { RunStatusSchema, TrainingConfigSchema } from '../training';

export const RunSummarySchema = z.looseObject({
  runId: RunIdSchema,
  status: RunStatusSchema,
  name: z.string(),
  createdAt: z.string(),
  backend: z.string().nullable(),
  device: z.string().nullable(),
  seconds: z.number().nullable(),
  bestValAccuracy: z.number().nullable(),
  testAccuracy: z.number().nullable(),
  params: z.number().int().nullable(),
  config: TrainingConfigSchema,
  graphName: z.string().optional(),
  graphHash: z.string().optional(),
  project: RunProjectSchema.nullable().optional(),
  epochsDone: z.number().int().optional(),
  error: z
    .object({ code: z.string(), message: z.string(), nodeId: z.string().nullable() })
    .nullable()
    .optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

const runRef = z.strictObject({ runId: RunIdSchema });

/**
 * Training control. `start` resolves once the run has really begun (its `start` event: backend chosen, dataset
 * loaded and checked, memory estimated), so refusals come back as its coded error and leave no run behind;
 * everything after that streams on the `training` event (`{runId, event}`, ≤ 30 messages/s, epoch/end/error
 * never dropped) and is kept in the run's folder. One run at a time per host (TRAINING_BUSY).
 */
export const trainingNamespace = {
  start: method(
    z.strictObject({
      graph: GraphDocSchema,
      config: TrainingConfigSchema,
      name: z.string().max(200).optional(),
      project: RunProjectSchema.optional(),
    }),
    z.object({ runId: RunIdSchema }),
    "Start a run in the training worker; events follow on the `training` stream. `project` is recorded in run.json (the Runs list shows this project's runs first).",
  ),
  stop: method(runRef, z.object({}), 'Stop after the current batch; the run keeps its metrics.'),
  pause: method(runRef, z.object({}), 'Pause after the current batch.'),
  resume: method(runRef, z.object({}), 'Resume a paused run.'),
  active: method(
    z.strictObject({}),
    z.object({ runId: RunIdSchema, status: RunStatusSchema }).nullable(),
    'The run in progress on this host, if any (e.g. for a window opened during training).',
  ),
};

const MAX_INDICES = 256;

export const runsNamespace = {
  list: method(
    z.strictObject({}),
    z.array(RunSummarySchema),
    'All runs, newest first (crashed runs included).',
  ),
  get: method(
    runRef,
    RunDetailSchema,
    'One run: config, graph snapshot, backend, timings, result, error and log. Duplicate a run by passing its graph and config to training.start.',
  ),
  metrics: method(
    z.strictObject({
      runId: RunIdSchema,
      maxBatchPoints: z.number().int().min(10).max(100_000).default(2000),
    }),
    RunMetricsSchema,
    'The curves of a run from metrics.jsonl (batch points thinned to maxBatchPoints).',
  ),
  delete: method(runRef, z.object({}), 'Delete a finished run and its folder (RUN_ACTIVE while it trains).'),
  evaluation: method(
    runRef,
    EvaluationSchema,
    'Confusion matrix and predictions on the test split (RUN_NO_EVALUATION before the run ends).',
  ),
  filters: method(
    z.strictObject({ runId: RunIdSchema, which: FiltersWhichSchema.default('final') }),
    FiltersSchema,
    "The first convolution's filters: 'final' as trained (when the run has ended), 'initial' as initialised (from its start).",
  ),
  featureMaps: method(
    z.strictObject({
      runId: RunIdSchema,
      imageIndex: z.number().int().min(0),
      maxChannels: z.number().int().min(1).max(512).default(32),
      layers: FeatureMapLayersSchema.default('conv'),
    }),
    FeatureMapsSchema,
    "Every convolution's output for one test image, computed with the saved model; layers 'all' adds every other layer with an image output (pooling, normalisation, activation, merges) in graph order.",
  ),
  layerWindow: method(
    z.strictObject({
      runId: RunIdSchema,
      imageIndex: z.number().int().min(0),
      nodeId: z.string().min(1).max(400),
      oy: z.number().int().min(0),
      ox: z.number().int().min(0),
      channel: z.number().int().min(0),
      /** Output rows and columns shown around the pixel (odd, at most 7). */
      size: z.number().int().min(1).max(7).default(3),
    }),
    LayerWindowSchema,
    'The input window, weights and output behind pixels of one convolution or pooling layer, for one test image (RUN_NOT_EXPLAINABLE for other layers).',
  ),
  exportOnnx: method(
    runRef,
    OnnxWrittenSchema.nullable(),
    "The run's network as ONNX (opset 13) with its trained weights: where the user chooses in the app (null when cancelled), as model.onnx in the run's folder where there is no file dialog (browser mode). RUN_NO_MODEL before the run has saved its model.",
  ),
  testImages: method(
    z.strictObject({
      runId: RunIdSchema,
      indices: z.array(z.number().int().min(0)).min(1).max(MAX_INDICES),
    }),
    TestImagesSchema,
    "Images of the run's test split by index (pixels 0–255), with their labels.",
  ),
};
