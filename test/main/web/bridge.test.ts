import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStrideApi } from '../../../shared/api/client';
import type { HostService } from '../../../shared/api/types';
import { startWebServer, type WebServer } from '../../../main/web/server';
import {
  createWebSocketTransport,
  type WebSocketLike,
  type WebSocketTransport,
} from '../../../renderer/src/bridge/websocket';
import { startHarness, type Harness } from './helpers';

// The renderer's WebSocket bridge against the real browser-mode server, with Node's `ws` standing in for the
// browser WebSocket (same event-handler API; it lets the test set the Origin a browser would send).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function bridgeTo(
  server: Pick<WebServer, 'port' | 'token' | 'origin'>,
  timeoutMs = 2000,
): WebSocketTransport {
  const transport = createWebSocketTransport(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    connect: (url) => new WebSocket(url, { origin: server.origin }) as unknown as WebSocketLike,
    connectTimeoutMs: timeoutMs,
    backoffMs: { initial: 20, max: 100 },
  });
  cleanups.push(() => transport.dispose());
  return transport;
}

async function harness(port = 0, token?: string): Promise<Harness> {
  const h = await startHarness(port, token);
  cleanups.push(async () => {
    await h.stop();
    h.dirs.cleanup();
  });
  return h;
}

describe('renderer WebSocket bridge', () => {
  it('carries typed calls and events through createStrideApi', async () => {
    const h = await harness();
    const api = createStrideApi(bridgeTo(h.server));
    const info = await api.app.info({});
    expect(info).toEqual({
      ok: true,
      value: { name: 'Stride', version: '1.2.3', mode: 'browser', platform: process.platform },
    });

    const seen: string[] = [];
    api.on('menu', (payload) => seen.push(payload.command));
    h.server.broadcast('menu', { command: 'view.fit' });
    h.server.broadcast('menu', { command: 'bogus' });
    await expect.poll(() => seen).toEqual(['view.fit']);

    const refused = await api.project.open({ path: '../../etc/passwd.json' });
    expect(refused.ok === false && refused.error.code).toBe('PROJECT_PATH_REFUSED');
  });

  it('fails calls in flight as API_DISCONNECTED when the connection drops', async () => {
    // A service whose app.info never answers, so the call is in flight when the server goes away.
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const hanging = new Proxy({} as HostService, {
      get: () =>
        new Proxy(
          {},
          {
            get: () => () => {
              arrived();
              return new Promise(() => undefined);
            },
          },
        ),
    });
    const server = await startWebServer({ service: hanging, rendererDir: '/nonexistent' });
    cleanups.push(() => server.close());
    const transport = bridgeTo(server);
    const api = createStrideApi(transport);
    await expect.poll(() => transport.status).toBe('open');
    const call = api.app.info({});
    await inFlight; // the server is running it: the call is in flight when the connection drops
    await server.close();
    const result = await call;
    expect(result.ok === false && result.error.code).toBe('API_DISCONNECTED');
  });

  it('reconnects with backoff after the server restarts', async () => {
    const first = await harness();
    const { port, token } = first.server;
    const transport = bridgeTo(first.server, 3000);
    const api = createStrideApi(transport);
    expect((await api.app.info({})).ok).toBe(true);
    await first.stop();
    await expect.poll(() => transport.status).not.toBe('open');
    const down = await createStrideApi(bridgeTo(first.server, 100)).app.info({});
    expect(down.ok === false && down.error.code).toBe('API_DISCONNECTED');
    await harness(port, token);
    const again = await api.app.info({});
    expect(again.ok).toBe(true);
    expect(transport.status).toBe('open');
  });

  it('fails fast after dispose', async () => {
    const h = await harness();
    const transport = bridgeTo(h.server);
    const api = createStrideApi(transport);
    expect((await api.app.info({})).ok).toBe(true);
    transport.dispose();
    const after = await api.app.info({});
    expect(after.ok === false && after.error.code).toBe('API_DISCONNECTED');
  });
});
