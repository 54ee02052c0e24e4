import { afterEach, describe, expect, it } from 'vitest';
import { forkSpawner } from '../../../../main/host/worker/fork-spawner';
import { WorkerHost, WORKER_IDLE_MS, type IdleClock } from '../../../../main/host/worker/host';
import type { WorkerProcess, WorkerSpawner } from '../../../../main/host/worker/spawner';
import { call, expectValue, makeHost, tempDirs, type TempDirs } from '../helpers';

// Idle workers exit (issue 15, item 9): a worker with no job for WORKER_IDLE_MS is shut down, and every worker
// ends with the host. The idle timer is a clock the test fires itself: nothing here waits for time to pass.

const debugEnv = { ...process.env, STRIDE_WORKER_DEBUG: '1' };

/** An IdleClock whose timers run only when the test says so. */
function manualClock() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const clock: IdleClock = {
    setTimeout(callback, ms) {
      next += 1;
      timers.set(next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    clock,
    pending: () => [...timers.values()].map((t) => t.ms),
    fire() {
      const due = [...timers.values()];
      timers.clear();
      for (const t of due) t.callback();
    },
  };
}

/** The fork spawner, remembering every process it started and whether it has exited. */
function recordingSpawner() {
  const started: { process: WorkerProcess; exited: Promise<void>; done: boolean }[] = [];
  const spawner: WorkerSpawner = (options) => {
    const process = forkSpawner(options);
    const entry = { process, exited: Promise.resolve(), done: false };
    entry.exited = new Promise<void>((resolve) =>
      process.onExit(() => {
        entry.done = true;
        resolve();
      }),
    );
    started.push(entry);
    return process;
  };
  return { spawner, started };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a WorkerHost with nothing to do', () => {
  it('shuts its worker down when the idle timer fires, and starts a fresh one for the next job', async () => {
    const time = manualClock();
    const { spawner, started } = recordingSpawner();
    const host = new WorkerHost({ env: debugEnv, spawner, idleMs: 1234, clock: time.clock });
    cleanups.push(() => host.dispose());
    expect(await host.run({ kind: 'debug', action: 'echo', value: 1 })).toBe(1);
    expect(time.pending()).toEqual([1234]);
    expect(started).toHaveLength(1);
    expect(started[0]?.done).toBe(false);
    time.fire();
    await started[0]?.exited;
    expect(host.hasWorker).toBe(false);
    expect(await host.run({ kind: 'debug', action: 'echo', value: 2 })).toBe(2);
    expect(started).toHaveLength(2);
    expect(started[1]?.done).toBe(false);
  });

  it('never stops a worker while a job runs, and waits from the end of the last job', async () => {
    const time = manualClock();
    const { spawner, started } = recordingSpawner();
    const host = new WorkerHost({ env: debugEnv, spawner, idleMs: 500, clock: time.clock });
    cleanups.push(() => host.dispose());
    let batches = 0;
    let resolveTwo = (): void => undefined;
    const two = new Promise<void>((resolve) => (resolveTwo = resolve));
    const job = await host.start(
      { kind: 'debug', action: 'ticks', value: 5 },
      {
        onEvent: () => {
          batches += 1;
          if (batches === 2) resolveTwo();
        },
      },
    );
    await two;
    expect(time.pending()).toEqual([]); // busy: no idle timer at all
    job.control('stop');
    await job.result;
    expect(time.pending()).toEqual([500]);
    // A job arriving before the timer fires cancels it and reuses the worker.
    expect(await host.run({ kind: 'debug', action: 'echo', value: 'again' })).toBe('again');
    expect(time.pending()).toEqual([500]);
    expect(started).toHaveLength(1);
  });

  it('waits a minute by default', () => {
    expect(WORKER_IDLE_MS).toBe(60_000);
  });
});

describe('the host service', () => {
  let dirs: TempDirs;
  afterEach(() => dirs.cleanup());

  it('lets its diagnostics worker exit when idle, and ends every worker on close', async () => {
    dirs = tempDirs();
    const time = manualClock();
    const { spawner, started } = recordingSpawner();
    const { host } = makeHost(dirs, { workerSpawner: spawner, workerIdleMs: 60_000, idleClock: time.clock });
    cleanups.push(() => host.close());
    await expectValue(call(host, 'system', 'doctor', { probe: false }));
    expect(started).toHaveLength(1);
    expect(time.pending()).toEqual([60_000]);
    time.fire();
    await started[0]?.exited;
    // A second doctor starts a fresh worker; host.close() ends it without any timer firing.
    await expectValue(call(host, 'system', 'doctor', { probe: false }));
    expect(started).toHaveLength(2);
    await host.close();
    await started[1]?.exited;
    expect(started.every((s) => s.done)).toBe(true);
  });
});
