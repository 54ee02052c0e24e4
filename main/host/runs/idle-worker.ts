import type { WorkerHost } from '../worker/host';

/**
 * A worker started on demand and shut down after `idleMs` without use: inspecting a run (feature maps, test
 * images) loads tfjs and a dataset, which is worth keeping for the next click but not for the whole session.
 */
export class IdleWorker {
  private host: WorkerHost | null = null;
  private busy = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly create: () => WorkerHost,
    private readonly idleMs = 120_000,
  ) {}

  async use<T>(work: (host: WorkerHost) => Promise<T>): Promise<T> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.host ??= this.create();
    const host = this.host;
    this.busy += 1;
    try {
      return await work(host);
    } finally {
      this.busy -= 1;
      if (this.busy === 0) {
        this.timer = setTimeout(() => void this.dispose(), this.idleMs);
        this.timer.unref();
      }
    }
  }

  async dispose(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const host = this.host;
    this.host = null;
    await host?.dispose();
  }
}
