import { z } from 'zod';
import { method } from '../define';
import { GraphDocSchema } from '../../graph/schema';
import { EvaluationSchema, RunIdSchema } from '../runs';
import { InputTransformSchema, NormalizeSchema } from '../training';

/** An imported model's weights kept by the host (<data>/imports/<id>): model.json + weights.bin, Stride's names. */
export const ImportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

const LayerCountSchema = z.object({
  layer: z.string(),
  className: z.string(),
  nodeId: z.string().nullable(),
  params: z.number().int(),
  fileParams: z.number().int(),
  strideLayer: z.string().nullable(),
});

const IssueSchema = z.looseObject({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  layer: z.string(),
  className: z.string(),
  nodeId: z.string().nullable(),
  message: z.string(),
});

export const ImportReportSchema = z.looseObject({
  source: z.enum(['stride-graph', 'keras-functional', 'keras-sequential']),
  layers: z.number().int(),
  nodes: z.number().int(),
  issues: z.array(IssueSchema),
  diagnostics: z.array(
    z.looseObject({ code: z.string(), nodeId: z.string().nullable(), message: z.string() }),
  ),
  params: z.number().int(),
  fileParams: z.number().int().nullable(),
  counts: z.array(LayerCountSchema),
  faithful: z.boolean(),
  nestedModels: z.number().int(),
});

/** What became of the file's weights. */
export const ImportedWeightsSchema = z.object({
  /**
   * `kept`: every weight of the graph came from the file's shards (a lenient import may reinitialise the layers
   * it changed, listed in `reinitialised`); `none`: the file has no weights manifest (Keras JSON);
   * `missing`: it has one but the shards beside it could not be read (`message` says why).
   */
  status: z.enum(['kept', 'none', 'missing']),
  /** Stride weight names drawn fresh (seeded) because the file had none of that name and shape. */
  reinitialised: z.array(z.string()),
  message: z.string().optional(),
});

/** The shards a page uploads with model.json (browser mode has no host path to them): at most 64 MB. */
export const MAX_UPLOAD_SHARD_BYTES = 64 * 1024 * 1024;
const UploadSchema = z.strictObject({
  modelJson: z.string().max(32 * 1024 * 1024),
  /** model.json's own name, for the report. */
  name: z.string().min(1).max(255),
  shards: z
    .array(
      z.strictObject({
        /** As the manifest names it: a plain file name. */
        name: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/),
        base64: z.string().max(Math.ceil((MAX_UPLOAD_SHARD_BYTES * 4) / 3) + 4),
      }),
    )
    .max(256),
});

const ModelSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('import'), importId: ImportIdSchema }),
  z.strictObject({ kind: z.literal('run'), runId: RunIdSchema }),
]);

/**
 * Models from elsewhere: import a tfjs layers model (or Keras JSON) with its weights, and score a model — an
 * import or a finished run — on a dataset without training.
 */
export const modelsNamespace = {
  import: method(
    z
      .strictObject({
        /** model.json (tfjs layers model, shards beside it) or a Keras model JSON on the host. */
        path: z.string().min(1).max(4096).optional(),
        /** Or the files themselves, as the page picked them (model.json and its .bin shards). */
        upload: UploadSchema.optional(),
        lenient: z.boolean().default(false),
      })
      .refine((x) => (x.path === undefined) !== (x.upload === undefined), {
        message: 'give either path or upload',
      }),
    z.object({
      graph: GraphDocSchema,
      report: ImportReportSchema,
      importId: ImportIdSchema.nullable(),
      weights: ImportedWeightsSchema,
    }),
    "Import a model file exactly or refuse it (IMPORT_NOT_FAITHFUL, IMPORT_PARAM_MISMATCH, IMPORT_GRAPH_MODEL, …, the message naming every layer); `lenient` imports an approximation whose report and description say what changed. When the tfjs shards are beside model.json the weights are kept (importId, also in the graph's meta) for training and evaluation.",
  ),
  evaluate: method(
    z.strictObject({
      source: ModelSourceSchema,
      /** As training.start's: `mnist`, `mnist-10k`, `shapes` or a path on the host. */
      dataset: z.string().min(1).max(4096),
      /** Score only the first N test images. */
      limit: z.number().int().min(1).optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
      transform: InputTransformSchema.optional(),
      normalize: NormalizeSchema.default('unit'),
    }),
    EvaluationSchema,
    "Score an imported model's weights or a finished run's model on the dataset's test split without training: accuracy, loss, confusion matrix and predictions (IMPORT_NO_WEIGHTS for an import without weights).",
  ),
};
