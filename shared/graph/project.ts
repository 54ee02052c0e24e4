import { z } from 'zod';
import { GraphDocSchema } from './schema';

/** A `*.stride.json` file: the GraphDoc plus the UI state worth keeping. */
export const PROJECT_FORMAT = 'stride-project';
export const PROJECT_VERSION = 1;
/** Files above this are refused before parsing (ARCHITECTURE: "over 50 MB is refused"). */
export const MAX_PROJECT_BYTES = 50 * 1024 * 1024;

export const ProjectUiSchema = z.object({
  viewport: z
    .object({ x: z.number().finite(), y: z.number().finite(), zoom: z.number().finite().positive() })
    .optional(),
  theme: z.enum(['light', 'dark', 'system']).optional(),
});

export const ProjectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  graph: GraphDocSchema,
  ui: ProjectUiSchema.default({}),
});

export type ProjectFile = z.infer<typeof ProjectFileSchema>;
export type ProjectUi = z.infer<typeof ProjectUiSchema>;
