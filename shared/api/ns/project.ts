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

/**
 * Error codes of the project and files namespaces (StrideFailure codes in Result errors). Stable: the UI
 * matches on them to word its message. Nothing on disk changes when any of these is returned.
 */
export const ProjectErrorCode = {
  /** The file does not exist (or is not a regular file). */
  notFound: 'PROJECT_NOT_FOUND',
  /** Over MAX_PROJECT_BYTES: refused by size before reading. */
  tooLarge: 'PROJECT_TOO_LARGE',
  /** Not UTF-8 JSON. */
  invalidJson: 'PROJECT_INVALID_JSON',
  /** JSON, but not a Stride project or not matching the schema (the message names the first bad field). */
  invalid: 'PROJECT_INVALID',
  /** Written by a newer Stride (format or graph version above what this build reads). */
  futureVersion: 'PROJECT_FUTURE_VERSION',
  /** A dialog is needed but this host has none (browser mode): give an explicit path or upload. */
  pathRequired: 'PROJECT_PATH_REQUIRED',
  /** The path is outside the project folder (browser mode) or was never chosen by the user (Electron). */
  pathRefused: 'PROJECT_PATH_REFUSED',
  /** The operating system refused to read or write (permissions, disk full); the old file is intact. */
  ioFailed: 'PROJECT_IO_FAILED',
  /** No autosave with that session id. */
  noAutosave: 'PROJECT_NO_AUTOSAVE',
  /** files.saveText needs a native dialog; browser mode downloads in the page instead. */
  noDialog: 'FILES_NO_DIALOG',
} as const;

export const projectNamespace = {
  open: method(
    z.strictObject({ path: PathSchema.optional() }),
    OpenedProjectSchema.nullable(),
    'Open a *.stride.json file (a native dialog when no path is given); null when the user cancels. An explicit ' +
      'path must lie in the project folder, or (Electron) be one the user chose in a dialog or the recent list.',
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
    'Save atomically (temp file, fsync, rename); asks for a path when none is given or saveAs (browser mode: ' +
      'saveAs with a path saves under that name in the project folder); ".stride.json" is appended to a name ' +
      'without ".json"; null when cancelled.',
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
