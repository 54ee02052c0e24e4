import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_CHARS } from '../../../shared/api/errors';
import {
  allowedHosts,
  hostAllowed,
  originAllowed,
  parseTarget,
  tokenCookie,
} from '../../../main/web/security';
import { nextMessage, openSocket, rawRequest, startHarness, type Harness } from './helpers';
import { rawExchange, rawGet } from './raw-tcp';

// Regression tests for browser mode's hardening (issue 15, items 1, 3, 4, 7): each failed before its fix.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  h.dirs.cleanup();
});

const hostHeader = () => ({ Host: `127.0.0.1:${h.server.port}` });
const upgradeHeaders = () => ({
  ...hostHeader(),
  Origin: h.server.origin,
  Upgrade: 'websocket',
  Connection: 'Upgrade',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
});

/** The server still serves: the printed URL leads to the page. */
async function stillServes(): Promise<void> {
  const first = await rawRequest(h.server.port, `/?token=${h.server.token}`);
  expect(first.status).toBe(302);
  const page = await rawRequest(h.server.port, String(first.headers.location));
  expect(page.status).toBe(200);
}

describe('malformed request targets (item 1)', () => {
  const targets = [
    'http://[/api',
    '//[/api',
    'http://x:99999/api',
    `http://127.0.0.1:99999/api?token=x`,
    '//evil.example/api',
    'http://evil.example/api',
    '*',
    'api',
  ];

  it('parses only origin-form targets on our origin, and never throws', () => {
    const origin = 'http://127.0.0.1:8123';
    for (const target of targets.filter((t) => t !== '/%'))
      expect(parseTarget(target, origin), target).toBe(null);
    expect(parseTarget(undefined, origin)).toBe(null);
    expect(parseTarget('/api?token=a', origin)?.pathname).toBe('/api');
    expect(parseTarget('/s/x/../y', origin)?.pathname).toBe('/s/y');
  });

  it.each(targets)(
    'answers %s with 400 on an upgrade and on plain HTTP, and keeps serving',
    async (target) => {
      const upgrade = await rawExchange(h.server.port, rawGet(target, upgradeHeaders()));
      expect(upgrade.hung).toBe(false);
      if (target === '/%') expect([400, 401]).toContain(upgrade.status);
      else expect(upgrade.status).toBe(400);
      const plain = await rawExchange(h.server.port, rawGet(target, hostHeader()));
      expect(plain.hung).toBe(false);
      if (target === '/%') expect([400, 401]).toContain(plain.status);
      else expect(plain.status).toBe(400);
      await stillServes();
    },
  );
});

describe('the token cookie is scoped to this server (item 3)', () => {
  it('redirects the printed URL into a random app path, token and query kept, only with the token', async () => {
    const { appPath, token, port } = h.server;
    expect(appPath).toMatch(/^\/s\/[A-Za-z0-9_-]{22}\/$/);
    const first = await rawRequest(port, `/?token=${token}&preset=lenet5`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(`${appPath}?token=${token}&preset=lenet5`);
    // Without the token nothing reveals where the app lives (the path scopes the cookie).
    for (const bad of ['/', '/?token=nope', `${appPath}`, '/index.html']) {
      const refused = await rawRequest(port, bad);
      expect(refused.headers.location, bad).toBeUndefined();
      expect(refused.body, bad).not.toContain(appPath);
      expect([401, 403], bad).toContain(refused.status);
    }
  });

  it('sets the cookie on the app path only, so another server on 127.0.0.1 never receives it', async () => {
    const { appPath, token, port } = h.server;
    const page = await rawRequest(port, `${appPath}?token=${token}`);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toBe(tokenCookie(port, token, appPath));
    expect(cookie).toContain(`Path=${appPath}`);
    expect(cookie).not.toMatch(/Path=\/(;|$)/);
    // Reloads and assets: the cookie alone is enough under the app path.
    const auth = { Cookie: cookie.split(';')[0] ?? '' };
    expect((await rawRequest(port, appPath, auth)).status).toBe(200);
    expect((await rawRequest(port, `${appPath}assets/app.js`, auth)).body).toBe('console.log("app");');
  });

  it('uses a fresh app path per server', async () => {
    const other = await startHarness();
    try {
      expect(other.server.appPath).not.toBe(h.server.appPath);
    } finally {
      await other.stop();
      other.dirs.cleanup();
    }
  });

  it('opens the WebSocket beside the page with the cookie alone, and at /api with the token', async () => {
    const { appPath, token, port, origin } = h.server;
    const cookie = `stride_token_${port}=${token}`;
    const beside = await openSocket(`ws://127.0.0.1:${port}${appPath}api`, { origin, cookie });
    expect(beside.kind).toBe('open');
    if (beside.kind === 'open') beside.ws.close();
    const root = await openSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin });
    expect(root.kind).toBe('open');
    if (root.kind === 'open') root.ws.close();
  });
});

describe('the Host and Origin forms browsers send (item 7)', () => {
  const req = (headers: Record<string, string>) => ({ headers });

  it('accepts the default-port forms on port 80', () => {
    expect(allowedHosts(80)).toEqual(['127.0.0.1:80', '127.0.0.1']);
    expect(hostAllowed(req({ host: '127.0.0.1' }), 80)).toBe(true);
    expect(hostAllowed(req({ host: '127.0.0.1:80' }), 80)).toBe(true);
    expect(originAllowed(req({ origin: 'http://127.0.0.1' }), 80)).toBe(true);
    expect(originAllowed(req({ origin: 'http://127.0.0.1:80' }), 80)).toBe(true);
  });

  it('still refuses everything else', () => {
    for (const host of ['127.0.0.1', 'localhost:8080', '127.0.0.1:80', 'evil.example:8080', '']) {
      expect(hostAllowed(req({ host }), 8080), host).toBe(false);
    }
    expect(hostAllowed(req({}), 80)).toBe(false);
    for (const host of ['localhost', 'localhost:80', '127.0.0.2', 'evil.example']) {
      expect(hostAllowed(req({ host }), 80), host).toBe(false);
    }
    expect(originAllowed(req({ origin: 'http://127.0.0.1' }), 8080)).toBe(false);
    expect(originAllowed(req({ origin: 'https://127.0.0.1' }), 80)).toBe(false);
    expect(originAllowed(req({ origin: 'http://localhost' }), 80)).toBe(false);
    expect(originAllowed(req({}), 80)).toBe(false);
  });
});

describe('huge and deep WebSocket messages (item 4)', () => {
  const socket = async (server = h.server): Promise<WebSocket> => {
    const outcome = await openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      origin: server.origin,
    });
    if (outcome.kind !== 'open') throw new Error(`refused with ${outcome.status}`);
    return outcome.ws;
  };

  it('closes with 1009 when a message outgrows the limit while the client is still sending', async () => {
    const small = await startHarness(0, undefined, undefined, { maxMessageBytes: 64 * 1024 });
    try {
      const ws = await socket(small.server);
      ws.on('error', () => undefined);
      const chunk = 'x'.repeat(16 * 1024);
      const code = await new Promise<number>((resolve) => {
        ws.once('close', (closeCode) => resolve(closeCode));
        // Fragments keep coming after the server has refused the message: it must still say why (1009).
        const pump = () => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(chunk, { fin: false }, () => setImmediate(pump));
        };
        pump();
      });
      expect(code).toBe(1009);
      await stillServes();
    } finally {
      await small.stop();
      small.dirs.cleanup();
    }
  });

  it('refuses a deeply nested project (3,001 Residuals) before parsing, answering its id with GRAPH_TOO_DEEP', async () => {
    const ws = await socket();
    let node = '{"id":"r0","kind":"Residual","name":"r","params":{},"position":{"x":0,"y":0}}';
    for (let i = 1; i <= 3000; i += 1) {
      node = `{"id":"r${i}","kind":"Residual","name":"r","params":{},"position":{"x":0,"y":0},"body":{"nodes":[${node}],"edges":[]}}`;
    }
    const project = `{"format":"stride-project","version":1,"graph":{"version":1,"name":"deep","nodes":[${node}],"edges":[]}}`;
    const reply = nextMessage(ws);
    ws.send(`{"id":41,"ns":"project","method":"save","input":{"path":"deep","project":${project}}}`);
    expect(await reply).toMatchObject({ id: 41, result: { ok: false, error: { code: 'GRAPH_TOO_DEEP' } } });
    // The same project as uploaded text goes through the same guard.
    const upload = nextMessage(ws);
    ws.send(
      JSON.stringify({ id: 42, ns: 'project', method: 'openText', input: { name: 'deep', text: project } }),
    );
    expect(await upload).toMatchObject({ id: 42, result: { ok: false, error: { code: 'GRAPH_TOO_DEEP' } } });
    ws.close();
  });

  it('refuses a million keys in one object fast, with a short coded message', async () => {
    const ws = await socket();
    const params = `{${Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const project = `{"format":"stride-project","version":1,"graph":{"version":1,"name":"keys","nodes":[{"id":"d","kind":"Dense","name":"d","params":${params},"position":{"x":0,"y":0}}],"edges":[]}}`;
    const reply = nextMessage(ws);
    ws.send(`{"id":9,"ns":"project","method":"save","input":{"path":"keys","project":${project}}}`);
    const answer = (await reply) as {
      id: number;
      result: { ok: false; error: { code: string; message: string } };
    };
    expect(answer).toMatchObject({ id: 9, result: { ok: false, error: { code: 'GRAPH_TOO_LARGE' } } });
    expect(answer.result.error.message.length).toBeLessThan(MAX_MESSAGE_CHARS);
    ws.close();
  });
});
