import { describe, expect, it } from 'vitest';
import { createStrideApi, type Transport } from '../../../shared/api/client';
import { dispatch } from '../../../shared/api/dispatch';
import { StrideFailure } from '../../../shared/api/errors';
import type { CallContext, HostService } from '../../../shared/api/types';

const ctx: CallContext = { transport: 'direct', senderId: 'test' };

function fakeService(overrides: Partial<{ info: () => Promise<unknown> }> = {}): HostService {
  const notUsed = async (): Promise<never> => {
    throw new Error('not used in this test');
  };
  const info =
    overrides.info ?? (async () => ({ name: 'Stride', version: '0.0.0', mode: 'test', platform: 'linux' }));
  return new Proxy({} as HostService, {
    get: (_target, ns) => (ns === 'app' ? { info } : new Proxy({}, { get: () => notUsed })),
  });
}

describe('dispatch', () => {
  it('validates, calls and wraps the answer', async () => {
    const result = await dispatch(fakeService(), 'app', 'info', {}, ctx);
    expect(result).toEqual({
      ok: true,
      value: { name: 'Stride', version: '0.0.0', mode: 'test', platform: 'linux' },
    });
  });

  it('refuses unknown methods, including prototype names', async () => {
    for (const [ns, method] of [
      ['app', 'nope'],
      ['nope', 'info'],
      ['app', 'constructor'],
      ['__proto__', 'toString'],
      [1, 2],
    ]) {
      const result = await dispatch(fakeService(), ns, method, {}, ctx);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('API_UNKNOWN_METHOD');
    }
  });

  it('refuses a payload that does not match the schema, naming the field', async () => {
    const result = await dispatch(fakeService(), 'app', 'info', { extra: true }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('API_BAD_REQUEST');
      expect(result.error.message).toContain('app.info');
    }
  });

  it('turns a StrideFailure into its coded error and any other throw into API_INTERNAL', async () => {
    const coded = await dispatch(
      fakeService({ info: async () => Promise.reject(new StrideFailure('PROJECT_TOO_LARGE', 'too big')) }),
      'app',
      'info',
      {},
      ctx,
    );
    expect(coded).toEqual({
      ok: false,
      error: { code: 'PROJECT_TOO_LARGE', severity: 'error', nodeId: null, message: 'too big' },
    });
    const internal = await dispatch(
      fakeService({ info: async () => Promise.reject(new TypeError('boom')) }),
      'app',
      'info',
      {},
      ctx,
    );
    expect(internal.ok).toBe(false);
    if (!internal.ok) expect(internal.error.code).toBe('API_INTERNAL');
  });

  it('refuses an answer that breaks the contract', async () => {
    const result = await dispatch(fakeService({ info: async () => ({ name: 1 }) }), 'app', 'info', {}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('API_BAD_RESPONSE');
  });
});

describe('createStrideApi', () => {
  it('routes typed calls through the transport and filters events by name and schema', async () => {
    const calls: unknown[] = [];
    let emit: (event: string, payload: unknown) => void = () => {};
    const transport: Transport = {
      invoke: async (ns, method, input) => {
        calls.push([ns, method, input]);
        return dispatch(fakeService(), ns, method, input, ctx);
      },
      subscribe: (listener) => {
        emit = listener;
        return () => {
          emit = () => {};
        };
      },
    };
    const api = createStrideApi(transport);
    const info = await api.app.info({});
    expect(info.ok && info.value.name).toBe('Stride');
    expect(calls).toEqual([['app', 'info', {}]]);

    const seen: string[] = [];
    const off = api.on('menu', (payload) => seen.push(payload.command));
    emit('menu', { command: 'file.save' });
    emit('menu', { command: 'not-a-command' });
    emit('training', { command: 'file.open' });
    off();
    emit('menu', { command: 'file.open' });
    expect(seen).toEqual(['file.save']);
  });

  it('reports a transport failure as API_DISCONNECTED instead of throwing', async () => {
    const api = createStrideApi({
      invoke: async () => Promise.reject(new Error('socket closed')),
      subscribe: () => () => {},
    });
    const result = await api.app.info({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('API_DISCONNECTED');
  });
});
