import { z } from 'zod';
import type { ContractShape, EventsShape } from './define';
import { appNamespace } from './ns/app';
import { filesNamespace } from './ns/files';
import { modelsNamespace } from './ns/models';
import { projectNamespace } from './ns/project';
import { systemNamespace } from './ns/system';
import { runsNamespace, trainingNamespace } from './ns/training';
import { TrainingEventSchema } from './training';
import { menuCommands } from '../commands/menu';
import type { CommandId } from '../commands/table';

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
  models: modelsNamespace,
  system: systemNamespace,
} as const satisfies ContractShape;

/** What the native menu sends: the ids of the commands its layout holds (shared/commands/menu.ts). */
export const MENU_COMMANDS = menuCommands();

/** Server-to-UI event streams. */
export const events = {
  menu: z.object({ command: z.enum(MENU_COMMANDS) }),
  training: z.object({ runId: z.string(), event: TrainingEventSchema }),
} as const satisfies EventsShape;

export type Contract = typeof contract;
export type Events = typeof events;
export type MenuCommand = CommandId;
