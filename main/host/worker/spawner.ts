import type { HostToWorkerInput } from '../../../shared/api/worker';

/**
 * How the host starts the training worker. `child_process.fork` in the CLI and browser mode
 * (fork-spawner.ts), Electron's `utilityProcess` in the desktop app (main/electron/worker-spawner.ts); the
 * client above it never knows which.
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: HostToWorkerInput): void;
  onMessage(listener: (raw: unknown) => void): void;
  /** Exactly once; signal is null where the platform does not say (utilityProcess reports only a code). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** The process's stdout and stderr text (native libraries log there). */
  onOutput(listener: (text: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface WorkerSpawnOptions {
  readonly entry: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execArgv: readonly string[];
}

export type WorkerSpawner = (options: WorkerSpawnOptions) => WorkerProcess;
