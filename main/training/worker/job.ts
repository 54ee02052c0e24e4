import type { ControlAction, WorkerEvent } from '../../../shared/api/worker';

/**
 * Stop and pause for a running job. A training loop calls `await control.checkpoint()` between batches (in
 * tfjs `onBatchEnd`): it yields one turn of the event loop while running, waits while paused, and answers false once a stop was
 * requested, so both take effect within one batch. Messages from the host are handled while the loop awaits.
 */
export class JobControl {
  private stopRequested = false;
  private paused = false;
  private waiters: (() => void)[] = [];
  private listeners: ((action: ControlAction) => void)[] = [];

  apply(action: ControlAction): void {
    if (action === 'stop') this.stopRequested = true;
    else this.paused = action === 'pause';
    if (action !== 'pause') this.wake();
    for (const listener of this.listeners) listener(action);
  }

  /** Called with every action from now on (a job driving another process forwards them); returns an unsubscribe. */
  onAction(listener: (action: ControlAction) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get stopped(): boolean {
    return this.stopRequested;
  }

  get isPaused(): boolean {
    return this.paused && !this.stopRequested;
  }

  /**
   * true: go on with the next batch; false: stop now. `onHold` is called once when the checkpoint starts
   * waiting on a pause (the moment the pause has taken effect).
   */
  async checkpoint(onHold?: () => void): Promise<boolean> {
    // A training step on wasm/cpu resolves all its promises as microtasks, so without this the loop would
    // never give the event loop a turn and a stop or pause message from the host would wait for the end.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.paused && !this.stopRequested) onHold?.();
    while (this.paused && !this.stopRequested)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    return !this.stopRequested;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a command handler gets besides its command. */
export interface JobContext {
  readonly id: string;
  readonly control: JobControl;
  emit(event: WorkerEvent): void;
  log(level: LogLevel, message: string): void;
}
