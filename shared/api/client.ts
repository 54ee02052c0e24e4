import { contract, events } from './contract';
import { ApiErrorCode, fail, type Result } from './errors';
import type { EventName, StrideApi } from './types';

/** What a transport must do; the typed API is generated on top of it. */
export interface Transport {
  invoke(ns: string, method: string, input: unknown): Promise<Result<unknown>>;
  /** Delivers every server event; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/**
 * Builds the typed `window.stride` object from the contract. Used by the preload (over IPC) and by the
 * browser-mode bridge (over WebSocket), so the two can never drift apart.
 */
export function createStrideApi(transport: Transport): StrideApi {
  const api: Record<string, unknown> = {};
  for (const [ns, space] of Object.entries(contract)) {
    const methods: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
    for (const method of Object.keys(space)) {
      methods[method] = async (input: unknown) => {
        try {
          return await transport.invoke(ns, method, input ?? {});
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return fail(ApiErrorCode.disconnected, `The back end could not be reached: ${message}`);
        }
      };
    }
    api[ns] = Object.freeze(methods);
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    const schema = events[event];
    return transport.subscribe((name, payload) => {
      if (name !== event) return;
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  };
  return Object.freeze(api) as unknown as StrideApi;
}
