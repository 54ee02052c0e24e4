import { afterEach, describe, expect, it } from 'vitest';
import { StrideFailure } from '../../../../shared/api/errors';
import type { WorkerEvent } from '../../../../shared/api/worker';
import { WorkerClient } from '../../../../main/host/worker/client';
import { WorkerFailure } from '../../../../main/host/worker/failure';
import { WorkerHost } from '../../../../main/host/worker/host';

const debugEnv = { ...process.env, STRIDE_WORKER_DEBUG: '1' };
const clients: WorkerClient[] = [];

async function startDebugWorker(execArgv: string[] = []): Promise<WorkerClient> {
  const client = await WorkerClient.start({ env: debugEnv, execArgv });
  clients.push(client);
  return client;
}

/** Collects events; `reached` resolves once `count` have arrived, `until(n)` once `n` have. */
function eventsUntil(count: number): {
  events: WorkerEvent[];
  reached: Promise<void>;
  until(n: number): Promise<void>;
  onEvent: (e: WorkerEvent) => void;
} {
  const events: WorkerEvent[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const until = (n: number) =>
    new Promise<void>((resolve) => {
      if (events.length >= n) resolve();
      else waiting.push({ n, resolve });
    });
  return {
    events,
    reached: until(count),
    until,
    onEvent: (e) => {
      events.push(e);
      for (const w of waiting.filter((w) => events.length >= w.n)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    },
  };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

describe('the worker process', () => {
  it('starts, reports its versions and answers a command', async () => {
    const client = await startDebugWorker();
    expect(client.versions.tfjs).toBe('4.22.0');
    expect(await client.run({ kind: 'debug', action: 'echo', value: { hello: [1, 2] } })).toEqual({
      hello: [1, 2],
    });
  });

  it('stop takes effect at the next batch checkpoint', async () => {
    const client = await startDebugWorker();
    const watch = eventsUntil(3);
    const job = client.start({ kind: 'debug', action: 'ticks', value: 10 }, { onEvent: watch.onEvent });
    await watch.reached;
    job.control('stop');
    const result = (await job.result) as { batches: number };
    expect(result.batches).toBeGreaterThanOrEqual(3);
    expect(result.batches).toBeLessThanOrEqual(watch.events.length + 1);
  });

  it('pause holds the loop between batches and resume continues it', async () => {
    // The worker logs when the pause has taken effect: the test waits for that, never for time to pass.
    const held: number[] = [];
    let onHeld = (): void => undefined;
    const client = await WorkerClient.start({
      env: debugEnv,
      onLog: ({ message }) => {
        const match = /^paused after (\d+) batches$/.exec(message);
        if (match === null) return;
        held.push(Number(match[1]));
        onHeld();
      },
    });
    clients.push(client);
    const watch = eventsUntil(2);
    // Ticks of 200 ms: the bound below holds as long as the pause reaches the worker within one tick of the
    // host seeing a batch; with 10 ms ticks a loaded 2-core machine's scheduling delay alone could break it.
    const job = client.start({ kind: 'debug', action: 'ticks', value: 200 }, { onEvent: watch.onEvent });
    await watch.reached;
    const atRequest = watch.events.length;
    const holding = new Promise<void>((resolve) => (onHeld = resolve));
    job.control('pause');
    await holding;
    // Messages arrive in order: every batch the worker ran before holding has arrived by now, and it ran at
    // most the one it was in when the pause came.
    const atPause = watch.events.length;
    expect(held).toEqual([atPause]);
    expect(atPause).toBeLessThanOrEqual(atRequest + 1);
    // Resume: batches continue from where the loop held.
    job.control('resume');
    await watch.until(atPause + 2);
    job.control('stop');
    const result = (await job.result) as { batches: number };
    expect(result.batches).toBeGreaterThanOrEqual(atPause + 2);
  });

  it('a job that throws fails with a code and the worker keeps serving', async () => {
    const client = await startDebugWorker();
    const error = await client
      .run({ kind: 'debug', action: 'throw', value: 'bad input' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_JOB_FAILED', message: 'bad input' });
    expect(await client.run({ kind: 'debug', action: 'echo', value: 7 })).toBe(7);
  });

  it('debug commands are refused unless the worker was started for tests', async () => {
    const client = await WorkerClient.start();
    clients.push(client);
    const error = await client.run({ kind: 'debug', action: 'crash' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_UNSUPPORTED' });
    expect(client.alive).toBe(true);
  });

  it('an invalid command is refused by the host before it reaches the worker', async () => {
    const client = await startDebugWorker();
    const bad = { kind: 'benchmark', batchSize: -3 } as unknown as { kind: 'benchmark' };
    const error = await client.run(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrideFailure);
    expect((error as StrideFailure).code).toBe('WORKER_PROTOCOL');
  });
});

describe('training in the bundled worker', () => {
  it('trains the seed Keras net on wasm with our kernels, and a stop ends it after the current batch', async () => {
    const client = await WorkerClient.start();
    clients.push(client);
    const watch = eventsUntil(1);
    const job = client.start(
      { kind: 'benchmark', backend: 'wasm', batches: 200, warmupBatches: 0, batchSize: 16 },
      { onEvent: watch.onEvent },
    );
    await watch.reached;
    job.control('stop');
    const result = await job.result;
    expect(result).toMatchObject({ model: 'mnist-keras', params: 93_322, stopped: true });
    expect(result.backend).toMatchObject({ rung: 'wasm', backend: 'wasm' });
    expect(result.backend.kernels).toContain('Conv2DBackpropFilter');
    expect(result.batches).toBeLessThanOrEqual(watch.events.length + 1);
    expect(Number.isFinite(result.finalLoss)).toBe(true);
  });
});

describe('when the worker dies', () => {
  it('kill -9 mid-job: the caller gets WORKER_CRASHED with the log, and a new worker starts', async () => {
    const client = await startDebugWorker();
    await client.run({ kind: 'debug', action: 'log', value: 'loading the dataset' });
    const watch = eventsUntil(2);
    const job = client.start({ kind: 'debug', action: 'ticks', value: 10 }, { onEvent: watch.onEvent });
    await watch.reached;
    process.kill(client.pid ?? -1, 'SIGKILL');
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerFailure);
    expect(error).toMatchObject({ code: 'WORKER_CRASHED', signal: 'SIGKILL' });
    expect((error as WorkerFailure).message).toMatch(/killed \(SIGKILL\)/);
    expect((error as WorkerFailure).log).toMatch(/debug: loading the dataset/);
    expect(client.alive).toBe(false);
    const next = await startDebugWorker();
    expect(await next.run({ kind: 'debug', action: 'echo', value: 'alive' })).toBe('alive');
  });

  it('a native abort is a crash with its signal', async () => {
    const client = await startDebugWorker();
    const error = await client.run({ kind: 'debug', action: 'crash' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_CRASHED', signal: 'SIGABRT' });
    expect((error as WorkerFailure).log).toMatch(/aborting on request/);
  });

  it('a non-zero exit is a crash with its exit code', async () => {
    const client = await startDebugWorker();
    const error = await client.run({ kind: 'debug', action: 'exit', value: 3 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_CRASHED', exitCode: 3 });
    expect((error as WorkerFailure).message).toMatch(/exit code 3/);
  });

  it('running out of memory is WORKER_OUT_OF_MEMORY', async () => {
    const client = await startDebugWorker(['--max-old-space-size=48']);
    const error = await client.run({ kind: 'debug', action: 'oom' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_OUT_OF_MEMORY' });
    expect((error as WorkerFailure).log).toMatch(/heap/i);
  });

  it('a WorkerHost replaces a dead worker with a fresh one', async () => {
    const host = new WorkerHost({ env: debugEnv });
    try {
      const first = await host.client();
      await expect(host.run({ kind: 'debug', action: 'exit', value: 9 })).rejects.toMatchObject({
        code: 'WORKER_CRASHED',
      });
      expect(first.alive).toBe(false);
      expect(await host.run({ kind: 'debug', action: 'echo', value: 1 })).toBe(1);
      expect((await host.client()).pid).not.toBe(first.pid);
    } finally {
      await host.dispose();
    }
  });

  it('a requested shutdown rejects nothing and ends the process', async () => {
    const client = await startDebugWorker();
    const exited = new Promise<unknown>((resolve) => client.onExit(resolve));
    await client.shutdown();
    expect(await exited).toBeNull();
    await expect(client.run({ kind: 'debug', action: 'echo' })).rejects.toMatchObject({
      code: 'WORKER_STOPPED',
    });
  });
});
