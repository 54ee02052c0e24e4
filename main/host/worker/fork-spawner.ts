import { fork } from 'node:child_process';
import type { WorkerProcess, WorkerSpawner } from './spawner';

/** The worker as a `child_process.fork` child (CLI, browser mode, tests). */
export const forkSpawner: WorkerSpawner = (options) => {
  const child = fork(options.entry, [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...options.env },
    execArgv: [...options.execArgv],
    serialization: 'json',
  });
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  let exited = false;
  const finish = (code: number | null, signal: string | null): void => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code, signal);
  };
  child.on('exit', (code, signal) => finish(code, signal));
  // A process that cannot be spawned at all emits 'error' and never 'exit'.
  child.on('error', (error) => {
    if (child.exitCode === null && child.pid === undefined) {
      child.stderr?.emit('data', Buffer.from(`spawn failed: ${error.message}\n`));
      finish(null, null);
    }
  });
  const process: WorkerProcess = {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    onOutput: (listener) => {
      child.stdout?.setEncoding('utf8').on('data', listener);
      child.stderr?.setEncoding('utf8').on('data', listener);
    },
    kill: (signal) => {
      child.kill(signal);
    },
  };
  return process;
};
