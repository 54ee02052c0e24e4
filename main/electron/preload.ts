// The preload: runs sandboxed, before the page, in an isolated world. It exposes exactly one object,
// `window.stride`, generated from the shared contract; the page never sees ipcRenderer or any Node API.
// Bundled to CommonJS by build.config.mjs with everything but 'electron' inlined (a sandboxed preload can
// require nothing else).
import { contextBridge, ipcRenderer } from 'electron';
import { createStrideApi, type Transport } from '../../shared/api/client';
import type { Result } from '../../shared/api/errors';
import { EventMessageSchema, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/api/wire';

const transport: Transport = {
  invoke: (ns, method, input) =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { ns, method, input }) as Promise<Result<unknown>>,
  subscribe(listener) {
    const handler = (_event: unknown, message: unknown) => {
      const parsed = EventMessageSchema.safeParse(message);
      if (parsed.success) listener(parsed.data.event, parsed.data.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('stride', createStrideApi(transport));
