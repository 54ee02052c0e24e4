import type {
  WorkerCommandInputOf,
  WorkerCommandKind,
  WorkerEvent,
  WorkerResultOf,
} from '../../../shared/api/worker';
import { WorkerClient, type WorkerClientOptions, type WorkerJob } from './client';

/** How long a worker with nothing to do stays alive: long enough for the next click, not for the session. */
export const WORKER_IDLE_MS = 60_000;

/** The timer behind the idle shutdown; tests pass one they fire themselves instead of waiting. */
export interface IdleClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realIdleClock: IdleClock = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref(); // an idle worker's timer never keeps the process alive
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface WorkerHostOptions extends WorkerClientOptions {
  /** Shut the worker down after this long without a job (default WORKER_IDLE_MS; Infinity keeps it). */
  readonly idleMs?: number;
  readonly clock?: IdleClock;
}

/**
 * Keeps one worker for the host and starts a fresh one whenever the last has died, so a crashed run never
 * leaves the app without a worker. Jobs run one at a time inside a worker (tfjs has one engine); callers that
 * need two at once (a doctor while training) create a second WorkerHost. A worker that has had no job for
 * `idleMs` is shut down (a loaded tfjs and dataset hold hundreds of MB); the next job starts a fresh one.
 */
export class WorkerHost {
  private current: Promise<WorkerClient> | null = null;
  private busy = 0;
  private idleTimer: unknown = null;
  private readonly idleMs: number;
  private readonly clock: IdleClock;

  constructor(private readonly options: WorkerHostOptions = {}) {
    this.idleMs = options.idleMs ?? WORKER_IDLE_MS;
    this.clock = options.clock ?? realIdleClock;
  }

  async client(): Promise<WorkerClient> {
    this.cancelIdle();
    if (this.current !== null) {
      const client = await this.current.catch(() => null);
      if (client?.alive === true) return client;
    }
    this.current = WorkerClient.start(this.options);
    const started = this.current;
    // A worker started but never given a job is idle from the start.
    void started.then(
      () => {
        if (this.current === started && this.busy === 0) this.scheduleIdle();
      },
      () => undefined,
    );
    return started;
  }

  async start<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): Promise<WorkerJob<K>> {
    this.busy += 1;
    let job: WorkerJob<K>;
    try {
      job = (await this.client()).start(command, options);
    } catch (error) {
      this.release();
      throw error;
    }
    void job.result.then(
      () => this.release(),
      () => this.release(),
    );
    return job;
  }

  async run<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): Promise<WorkerResultOf<K>> {
    return (await this.start(command, options)).result;
  }

  /** True while a worker process is started or running (what an idle shutdown ends). */
  get hasWorker(): boolean {
    return this.current !== null;
  }

  async dispose(): Promise<void> {
    this.cancelIdle();
    await this.retire();
  }

  private release(): void {
    this.busy -= 1;
    if (this.busy === 0) this.scheduleIdle();
  }

  private scheduleIdle(): void {
    this.cancelIdle();
    if (!Number.isFinite(this.idleMs)) return;
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = null;
      if (this.busy === 0) void this.retire();
    }, this.idleMs);
  }

  private cancelIdle(): void {
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Forgets the worker first (a job arriving meanwhile starts a fresh one), then shuts it down. */
  private async retire(): Promise<void> {
    const current = this.current;
    this.current = null;
    const client = await current?.catch(() => null);
    await client?.shutdown();
  }
}
