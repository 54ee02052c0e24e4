import { createStrideApi } from '../../../shared/api/client';
import { ok, type Result } from '../../../shared/api/errors';

/**
 * A back end answering from a table and recording every call; `emit` plays a server event through the same
 * typed client the app uses (so payloads are validated as in production). An answer may throw a coded error
 * by returning `{ fail: {code, message} }`.
 */
export type Answer = (input: unknown) => unknown;

export function fakeBackend(answers: Record<string, Answer>) {
  const calls: { method: string; input: unknown }[] = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const api = createStrideApi({
    invoke: async (ns, method, input): Promise<Result<unknown>> => {
      calls.push({ method: `${ns}.${method}`, input });
      const answer = answers[`${ns}.${method}`];
      if (answer === undefined)
        return {
          ok: false,
          error: { code: 'TEST_UNANSWERED', severity: 'error', nodeId: null, message: method },
        };
      const value = answer(input);
      if (typeof value === 'object' && value !== null && 'fail' in value) {
        const f = (value as { fail: { code: string; message: string; nodeId?: string } }).fail;
        return {
          ok: false,
          error: { code: f.code, severity: 'error', nodeId: f.nodeId ?? null, message: f.message },
        };
      }
      return ok(value);
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  Object.defineProperty(window, 'stride', { value: api, configurable: true });
  return {
    api,
    calls,
    called: (method: string) => calls.filter((c) => c.method === method),
    emit: (event: string, payload: unknown) => {
      for (const l of listeners) l(event, payload);
    },
  };
}

export function removeBackend(): void {
  Object.defineProperty(window, 'stride', { value: undefined, configurable: true });
}

export const startEvent = (runId: string, over: Record<string, unknown> = {}) => ({
  type: 'start',
  runId,
  backend: 'wasm',
  device: 'Test CPU',
  skipped: [{ backend: 'webgpu', reason: 'no WebGPU adapter' }],
  epochs: 2,
  batchesPerEpoch: 4,
  trainSize: 256,
  validationSize: 32,
  testSize: 100,
  batchSize: 64,
  ...over,
});
