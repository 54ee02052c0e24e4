import type { WorkerToHostInput } from '../../../shared/api/worker';

/**
 * The worker's side of the pipe to its host. Under Electron's utilityProcess the parent talks through
 * `process.parentPort`; under child_process.fork through `process.send` / 'message'. The protocol is the same.
 */
export interface ParentChannel {
  readonly kind: 'utility' | 'fork';
  send(message: WorkerToHostInput): Promise<void>;
  onMessage(listener: (raw: unknown) => void): void;
  /** Called when the host goes away, so an orphaned worker never lingers. */
  onDisconnect(listener: () => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function detectParentChannel(): ParentChannel | null {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort !== undefined) {
    return {
      kind: 'utility',
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      // Electron ends its utility processes with the app; there is no disconnect to watch.
      onDisconnect: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) return null;
  return {
    kind: 'fork',
    // The callback fires once the message is handed to the OS, so "send, then exit" never loses the message.
    send: (message) =>
      new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        send(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
