import type { HostService } from '../../shared/api/types';
import { createAppNamespace } from './app';
import type { HostDeps } from './deps';
import { createFilesNamespace } from './files';
import { createProjectModule } from './project';
import { createTrainingModule } from './training';
import { WorkerHost } from './worker/host';
import { workerHostOptions } from './worker/options';
import { createSystemService } from './worker/system-service';

export type { Dialogs, FileFilter, HostDeps } from './deps';

/** What the process hosting the service (Electron main, `stride serve`, a test) controls beyond the contract. */
export interface HostControl {
  /** A window or WebSocket connection closed: its autosaves become recoverable. */
  senderClosed(senderId: string): void;
  /** Start-up housekeeping done (stale temp files and uncommitted autosaves removed): the removed paths. */
  readonly swept: Promise<string[]>;
  /** Clean shutdown: stop workers, mark this host as exited cleanly. Idempotent. */
  close(): Promise<void>;
}

export type RunningHost = HostService & HostControl;

/**
 * The back end behind `window.stride`: plain Node, composed from one module per namespace, and the same under
 * Electron (IPC), browser mode (WebSocket) and tests (direct calls through shared/api/dispatch).
 */
export function createHostService(deps: HostDeps): RunningHost {
  const projects = createProjectModule(deps);
  const training = createTrainingModule(deps);
  // Diagnostics get their own worker so a doctor probe never waits behind (or crashes) a training run.
  const diagnostics = new WorkerHost(workerHostOptions(deps));
  let closing: Promise<void> | null = null;
  return {
    app: createAppNamespace(deps),
    project: projects.project,
    files: createFilesNamespace(deps),
    training: training.training,
    runs: training.runs,
    models: training.models,
    system: createSystemService(diagnostics),
    swept: projects.swept,
    senderClosed: (senderId) => projects.senderClosed(senderId),
    close() {
      closing ??= Promise.all([training.close(), projects.close(), diagnostics.dispose()]).then(
        () => undefined,
      );
      return closing;
    },
  };
}
