import type {
  WorkerCommandInputOf,
  WorkerCommandKind,
  WorkerEvent,
  WorkerResultOf,
} from '../../../shared/api/worker';
import { WorkerClient, type WorkerClientOptions, type WorkerJob } from './client';

/**
 * Keeps one worker for the host and starts a fresh one whenever the last has died, so a crashed run never
 * leaves the app without a worker. Jobs run one at a time inside a worker (tfjs has one engine); callers that
 * need two at once (a doctor while training) create a second WorkerHost.
 */
export class WorkerHost {
  private current: Promise<WorkerClient> | null = null;

  constructor(private readonly options: WorkerClientOptions = {}) {}

  async client(): Promise<WorkerClient> {
    if (this.current !== null) {
      const client = await this.current.catch(() => null);
      if (client?.alive === true) return client;
    }
    this.current = WorkerClient.start(this.options);
    return this.current;
  }

  async start<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): Promise<WorkerJob<K>> {
    return (await this.client()).start(command, options);
  }

  async run<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): Promise<WorkerResultOf<K>> {
    return (await this.start(command, options)).result;
  }

  async dispose(): Promise<void> {
    const client = await this.current?.catch(() => null);
    this.current = null;
    await client?.shutdown();
  }
}
