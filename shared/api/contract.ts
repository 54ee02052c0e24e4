import { z } from 'zod';
import type { ContractShape, EventsShape } from './define';
import { appNamespace } from './ns/app';
import { filesNamespace } from './ns/files';
import { projectNamespace } from './ns/project';
import { systemNamespace } from './ns/system';
import { runsNamespace, trainingNamespace } from './ns/training';
import { TrainingEventSchema } from './training';

/**
 * The one contract between the UI and the back end. The preload, the Electron IPC handlers, the browser-mode
 * WebSocket bridge and the host service are all generic over it: add a method here (in its namespace file)
 * and every transport carries it, typed and validated, with nothing else to edit.
 */
export const contract = {
  app: appNamespace,
  project: projectNamespace,
  files: filesNamespace,
  training: trainingNamespace,
  runs: runsNamespace,
  system: systemNamespace,
} as const satisfies ContractShape;

export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'edit.undo',
  'edit.redo',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.selectAll',
  'view.fit',
  'view.toggleTheme',
  'help.about',
] as const;

/** Server-to-UI event streams. */
export const events = {
  menu: z.object({ command: z.enum(MENU_COMMANDS) }),
  training: z.object({ runId: z.string(), event: TrainingEventSchema }),
} as const satisfies EventsShape;

export type Contract = typeof contract;
export type Events = typeof events;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
