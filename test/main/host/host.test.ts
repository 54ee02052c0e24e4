import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, expectCode, expectValue, makeHost, tempDirs, type TempDirs } from './helpers';

let dirs: TempDirs;
beforeEach(() => {
  dirs = tempDirs();
});
afterEach(() => dirs.cleanup());

describe('createHostService', () => {
  it('answers app.info with the injected mode and version', async () => {
    const { host } = makeHost(dirs, { mode: 'browser', platform: 'testos' });
    expect(await expectValue(call(host, 'app', 'info', {}))).toEqual({
      name: 'Stride',
      version: '9.9.9',
      mode: 'browser',
      platform: 'testos',
    });
  });

  it('implements every method of the contract', async () => {
    const { contract } = await import('../../../shared/api/contract');
    const { host } = makeHost(dirs);
    for (const [ns, space] of Object.entries(contract)) {
      for (const method of Object.keys(space)) {
        const impl = (host as unknown as Record<string, Record<string, unknown>>)[ns]?.[method];
        expect(typeof impl, `${ns}.${method}`).toBe('function');
      }
    }
  });

  it('has the training module: no runs yet, and controls name no running run', async () => {
    const { host } = makeHost(dirs);
    await expectCode(call(host, 'training', 'stop', { runId: 'r1' }), 'TRAINING_NOT_RUNNING');
    expect(await call(host, 'runs', 'list', {})).toEqual({ ok: true, value: [] });
  });

  it('cannot be reached past the contract (control methods are not RPC methods)', async () => {
    const { host } = makeHost(dirs);
    await expectCode(call(host, 'close', 'call', {}), 'API_UNKNOWN_METHOD');
    await expectCode(call(host, 'senderClosed', 'call', {}), 'API_UNKNOWN_METHOD');
  });

  it('closes idempotently', async () => {
    const { host } = makeHost(dirs);
    await Promise.all([host.close(), host.close()]);
    await host.close();
  });
});
