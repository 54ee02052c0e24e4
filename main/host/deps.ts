import type { AppInfo } from '../../shared/api/ns/app';
import type { CallContext, EventSink } from '../../shared/api/types';
import type { Clock } from './worker/coalesce';
import type { IdleClock } from './worker/host';
import type { WorkerSpawner } from './worker/spawner';

export interface FileFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

/**
 * Native file dialogs. Electron implements them; browser mode has none (the host then accepts only explicit
 * paths inside its project folder). Each returns the chosen absolute path, or null when the user cancels.
 */
export interface Dialogs {
  openProject(ctx: CallContext): Promise<string | null>;
  saveProject(ctx: CallContext, suggestedPath: string): Promise<string | null>;
  saveText(ctx: CallContext, suggestedName: string, filters: readonly FileFilter[]): Promise<string | null>;
}

/** Everything the host service needs from where it runs: it never reaches for globals or for electron. */
export interface HostDeps {
  readonly mode: AppInfo['mode'];
  readonly version: string;
  /** User data: autosaves, the recent list, runs. */
  readonly dataDir: string;
  /** The project folder: the browser-mode picker lists it, and explicit paths must stay inside it there. */
  readonly projectsDir: string;
  readonly dialogs: Dialogs | null;
  readonly events: EventSink;
  readonly platform?: string;
  /** How the training worker is started: Electron's utilityProcess in the app, child_process.fork elsewhere. */
  readonly workerSpawner?: WorkerSpawner;
  /** How long an idle worker (training, inspection, diagnostics) lives; default WORKER_IDLE_MS (60 s). */
  readonly workerIdleMs?: number;
  /** The idle shutdown's timer: tests fire it themselves. */
  readonly idleClock?: IdleClock;
  /** The clock that paces training events to the UI (~30 a second); tests stop it to make bursts exact. */
  readonly streamClock?: Clock;
  /** Injected clock for tests. */
  readonly now?: () => Date;
}
