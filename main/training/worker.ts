// PLACEHOLDER owned by the backends stream, which replaces this file. It exists so the worker bundle
// (app/dist/worker/index.cjs) is built and packed from day one: a real, minimal message loop that answers
// 'ping' with 'pong', under Electron's utilityProcess (process.parentPort) or child_process.fork (IPC).

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const reply = (message: unknown): unknown => (message === 'ping' ? 'pong' : { error: 'unknown message' });
const parentPort = (process as { parentPort?: ParentPort }).parentPort;

if (parentPort !== undefined) {
  parentPort.on('message', (event) => parentPort.postMessage(reply(event.data)));
} else if (process.send !== undefined) {
  process.on('message', (message) => process.send?.(reply(message)));
} else {
  process.stderr.write('stride worker: start me with child_process.fork or utilityProcess.fork\n');
  process.exitCode = 1;
}
