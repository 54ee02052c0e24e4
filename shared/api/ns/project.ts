import { z } from 'zod';
import { method } from '../define';
import { ProjectFileSchema } from '../../graph/project';

const PathSchema = z.string().min(1).max(4096);

export const OpenedProjectSchema = z.object({ path: PathSchema, project: ProjectFileSchema });
export const RecentEntrySchema = z.object({ path: PathSchema, name: z.string(), openedAt: z.string() });
export const ProjectListingSchema = z.object({
  folder: z.string(),
  files: z.array(
    z.object({ path: PathSchema, name: z.string(), modifiedAt: z.string(), bytes: z.number().int() }),
  ),
});
export const RecoverableSchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  savedAt: z.string(),
  path: PathSchema.nullable(),
});
const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const projectNamespace = {
  open: method(
    z.strictObject({ path: PathSchema.optional() }),
    OpenedProjectSchema.nullable(),
    'Open a *.stride.json file (a native dialog when no path is given); null when the user cancels.',
  ),
  openText: method(
    z.strictObject({ name: z.string().max(512), text: z.string() }),
    z.object({ project: ProjectFileSchema }),
    'Validate a project uploaded by the browser (browser mode has no file dialog on the host).',
  ),
  save: method(
    z.strictObject({
      path: PathSchema.nullable(),
      saveAs: z.boolean().default(false),
      project: ProjectFileSchema,
    }),
    z.object({ path: PathSchema }).nullable(),
    'Save atomically (temp file, fsync, rename); asks for a path when none is given or saveAs; null when cancelled.',
  ),
  list: method(
    z.strictObject({}),
    ProjectListingSchema,
    'The project folder of this host (browser mode picker).',
  ),
  recent: method(z.strictObject({}), z.array(RecentEntrySchema), 'Recently opened or saved projects.'),
  autosave: method(
    z.strictObject({ sessionId: SessionIdSchema, path: PathSchema.nullable(), project: ProjectFileSchema }),
    z.object({ savedAt: z.string() }),
    'Write the crash-recovery copy of the open project to the user data folder.',
  ),
  recoverable: method(
    z.strictObject({}),
    z.array(RecoverableSchema),
    'Autosaves left by sessions that did not close cleanly, newest first.',
  ),
  recover: method(
    z.strictObject({ sessionId: SessionIdSchema }),
    z.object({ project: ProjectFileSchema, path: PathSchema.nullable() }),
    'Load an autosave.',
  ),
  discardAutosave: method(
    z.strictObject({ sessionId: SessionIdSchema }),
    z.object({}),
    'Forget an autosave (after a clean close or a refused recovery).',
  ),
};
