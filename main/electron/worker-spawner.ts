import type { UtilityProcess, utilityProcess } from 'electron';
import type { WorkerProcess, WorkerSpawner } from '../host/worker/spawner';

/**
 * The training worker as an Electron utility process (a Node child that Electron owns and kills with the app).
 * The `utilityProcess` module is passed in, so the host code stays electron-free and this adapter is testable.
 */
export function utilitySpawner(utility: Pick<typeof utilityProcess, 'fork'>): WorkerSpawner {
  return (options) => {
    const child: UtilityProcess = utility.fork(options.entry, [], {
      env: { ...options.env } as NodeJS.ProcessEnv,
      execArgv: [...options.execArgv],
      stdio: 'pipe',
      serviceName: 'Stride training worker',
    });
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    child.on('exit', (code) => {
      for (const l of exitListeners) l(code, null);
    });
    const process: WorkerProcess = {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      onOutput: (listener) => {
        child.stdout?.setEncoding('utf8').on('data', listener);
        child.stderr?.setEncoding('utf8').on('data', listener);
      },
      kill: () => {
        child.kill();
      },
    };
    return process;
  };
}
