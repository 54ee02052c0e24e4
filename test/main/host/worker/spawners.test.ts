import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { utilitySpawner } from '../../../../main/electron/worker-spawner';
import { WorkerClient } from '../../../../main/host/worker/client';
import type { WorkerProcess, WorkerSpawner } from '../../../../main/host/worker/spawner';

/** Electron's utilityProcess, as far as the adapter uses it. */
class FakeUtilityProcess extends EventEmitter {
  pid = 4242;
  stdout = new PassThrough();
  stderr = new PassThrough();
  sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 9);
    return true;
  }
}

describe('the Electron utilityProcess spawner', () => {
  it('forks the entry as a utility process and adapts its messages, output and exit', () => {
    const fake = new FakeUtilityProcess();
    const calls: unknown[][] = [];
    const spawn = utilitySpawner({
      fork: ((...args: unknown[]) => {
        calls.push(args);
        return fake;
      }) as never,
    });
    const worker = spawn({
      entry: '/app/dist/worker/index.cjs',
      env: { A: '1' },
      execArgv: ['--max-old-space-size=4096'],
    });
    expect(calls[0]?.[0]).toBe('/app/dist/worker/index.cjs');
    expect(calls[0]?.[2]).toMatchObject({
      stdio: 'pipe',
      execArgv: ['--max-old-space-size=4096'],
      env: { A: '1' },
    });
    expect(worker.pid).toBe(4242);
    const messages: unknown[] = [];
    const output: string[] = [];
    const exits: unknown[][] = [];
    worker.onMessage((m) => messages.push(m));
    worker.onOutput((t) => output.push(t));
    worker.onExit((code, signal) => exits.push([code, signal]));
    worker.send({ type: 'shutdown' });
    expect(fake.sent).toEqual([{ type: 'shutdown' }]);
    fake.emit('message', { type: 'ready' });
    fake.stderr.write('native warning\n');
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(output.join('')).toBe('native warning\n');
    worker.kill();
    expect(exits).toEqual([[9, null]]);
  });
});

describe('the client with a misbehaving worker', () => {
  function scripted(
    onSend: (message: unknown, reply: (m: unknown) => void) => void,
    sendReady = true,
  ): WorkerSpawner {
    return () => {
      const listeners: ((m: unknown) => void)[] = [];
      const exits: ((c: number | null, s: string | null) => void)[] = [];
      const reply = (m: unknown): void => void setTimeout(() => listeners.forEach((l) => l(m)), 1);
      const proc: WorkerProcess = {
        pid: 1,
        send: (m) => onSend(m, reply),
        onMessage: (l) => {
          listeners.push(l);
          if (sendReady && listeners.length === 1)
            reply({ type: 'ready', protocol: 1, pid: 1, versions: {} });
        },
        onExit: (l) => exits.push(l),
        onOutput: () => undefined,
        kill: () => exits.forEach((l) => l(null, 'SIGKILL')),
      };
      return proc;
    };
  }

  it('a worker that never says ready fails to start with WORKER_START_FAILED', async () => {
    const start = WorkerClient.start({
      spawner: scripted(() => undefined, false),
      entry: 'x',
      readyTimeoutMs: 50,
    });
    await expect(start).rejects.toMatchObject({ code: 'WORKER_START_FAILED' });
  });

  it('a result that does not match the command schema is a protocol error', async () => {
    const client = await WorkerClient.start({
      entry: 'x',
      spawner: scripted((m, reply) => {
        const msg = m as { type: string; id?: string };
        if (msg.type === 'request')
          reply({ type: 'result', id: msg.id, ok: true, value: { not: 'a benchmark' } });
      }),
    });
    await expect(client.run({ kind: 'benchmark' })).rejects.toMatchObject({ code: 'WORKER_PROTOCOL' });
  });

  it('a malformed message naming a job fails that job', async () => {
    const client = await WorkerClient.start({
      entry: 'x',
      spawner: scripted((m, reply) => {
        const msg = m as { type: string; id?: string };
        if (msg.type === 'request')
          reply({ type: 'event', id: msg.id, event: { type: 'batch', loss: 'NaN' } });
      }),
    });
    await expect(client.run({ kind: 'doctor' })).rejects.toMatchObject({ code: 'WORKER_PROTOCOL' });
    expect(client.log()).toMatch(/invalid message from the worker/);
  });
});
