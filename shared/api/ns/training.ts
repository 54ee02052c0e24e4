import { z } from 'zod';
import { method } from '../define';
import { GraphDocSchema } from '../../graph/schema';
import { RunStatusSchema, TrainingConfigSchema } from '../training';

const RunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

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
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const trainingNamespace = {
  start: method(
    z.strictObject({
      graph: GraphDocSchema,
      config: TrainingConfigSchema,
      name: z.string().max(200).optional(),
    }),
    z.object({ runId: RunIdSchema }),
    'Start a run in the training worker; events follow on the `training` stream.',
  ),
  stop: method(
    z.strictObject({ runId: RunIdSchema }),
    z.object({}),
    'Stop after the current batch; the run keeps its metrics.',
  ),
  pause: method(z.strictObject({ runId: RunIdSchema }), z.object({}), 'Pause after the current batch.'),
  resume: method(z.strictObject({ runId: RunIdSchema }), z.object({}), 'Resume a paused run.'),
};

export const runsNamespace = {
  list: method(
    z.strictObject({}),
    z.array(RunSummarySchema),
    'All runs, newest first (crashed runs included).',
  ),
};
