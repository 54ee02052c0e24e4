import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../shared/api/wire';
import { nextMessage, openSocket, rawRequest, startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
  h.dirs.cleanup();
});

const wsUrl = (h: Harness, token: string | null = h.server.token) =>
  `ws://127.0.0.1:${h.server.port}/api${token === null ? '' : `?token=${token}`}`;

describe('browser-mode server: network exposure', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(h.server.address).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: h.server.port });
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/?token=${h.server.token}`);
    // A wildcard bind would accept these too: another loopback address and IPv6 loopback are refused.
    for (const host of ['127.0.0.2', '::1']) {
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ host, port: h.server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused, host).not.toBe('connected');
    }
  });

  it('uses a fresh 32-byte token per server', async () => {
    const other = await startHarness();
    try {
      expect(Buffer.from(h.server.token, 'base64url')).toHaveLength(32);
      expect(other.server.token).not.toBe(h.server.token);
    } finally {
      await other.stop();
      other.dirs.cleanup();
    }
  });
});

describe('browser-mode server: HTTP', () => {
  it('refuses requests without the token (401) and with a wrong one (403)', async () => {
    expect((await rawRequest(h.server.port, '/')).status).toBe(401);
    expect((await rawRequest(h.server.port, '/assets/app.js')).status).toBe(401);
    expect((await rawRequest(h.server.port, '/?token=nope')).status).toBe(403);
    const wrongCookie = { Cookie: `stride_token_${h.server.port}=nope` };
    expect((await rawRequest(h.server.port, '/assets/app.js', wrongCookie)).status).toBe(403);
    // A cookie for another port's server is not ours.
    const otherPort = { Cookie: `stride_token_1=${h.server.token}` };
    expect((await rawRequest(h.server.port, '/', otherPort)).status).toBe(401);
  });

  it('serves the page with the token, sets a strict HttpOnly cookie, then serves assets by cookie', async () => {
    const printed = await rawRequest(h.server.port, `/?token=${h.server.token}`);
    expect(printed.status).toBe(302);
    const page = await rawRequest(h.server.port, String(printed.headers.location));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^stride_token_${h.server.port}=${h.server.token}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await rawRequest(h.server.port, `${h.server.appPath}assets/app.js`, {
      Cookie: cookie.split(';')[0]!,
    });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toBe('console.log("app");');
  });

  it('sends security headers: a CSP with no remote origin, nosniff, and no caching of the index', async () => {
    const page = await rawRequest(h.server.port, `${h.server.appPath}?token=${h.server.token}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const csp = String(page.headers['content-security-policy']);
    const sources = csp.split(';').flatMap((directive) => directive.trim().split(/\s+/).slice(1));
    const allowed = new Set([
      "'self'",
      "'none'",
      "'unsafe-inline'",
      'data:',
      'blob:',
      `ws://127.0.0.1:${h.server.port}`,
    ]);
    expect(sources.filter((source) => !allowed.has(source))).toEqual([]);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    // Refusals carry the headers too.
    const refused = await rawRequest(h.server.port, '/');
    expect(refused.headers['content-security-policy']).toBe(csp);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('refuses a wrong Host header (DNS rebinding), even with the right token', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${h.server.port}`,
      `localhost:${h.server.port}`,
      '127.0.0.1',
    ]) {
      const res = await rawRequest(h.server.port, `/?token=${h.server.token}`, { Host: host });
      expect(res.status, host).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('never serves files outside the renderer folder, and only GET/HEAD', async () => {
    const auth = { Cookie: `stride_token_${h.server.port}=${h.server.token}` };
    const app = h.server.appPath;
    for (const path of [
      `${app}../secret.txt`,
      `${app}%2e%2e/secret.txt`,
      `${app}assets/%2e%2e/%2e%2e/secret.txt`,
      `${app}..%5csecret.txt`,
      `${app}%00`,
      '/../secret.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const res = await rawRequest(h.server.port, path, auth);
      // Dot segments that leave the app path are redirected back under it, where the file does not exist.
      expect([302, 400, 404], path).toContain(res.status);
      if (res.status === 302) {
        const location = String(res.headers.location);
        expect(location.startsWith(app), path).toBe(true);
        expect([400, 404], path).toContain((await rawRequest(h.server.port, location, auth)).status);
      }
      expect(res.body).not.toContain('outside the renderer');
    }
    expect((await rawRequest(h.server.port, `${app}missing.js`, auth)).status).toBe(404);
    expect((await rawRequest(h.server.port, app, auth, 'POST')).status).toBe(405);
    const head = await rawRequest(h.server.port, app, auth, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('browser-mode server: WebSocket', () => {
  it('accepts the served origin with the token and carries the contract (app.info round trip)', async () => {
    const outcome = await openSocket(wsUrl(h), { origin: h.server.origin });
    if (outcome.kind !== 'open') throw new Error(`refused with ${outcome.status}`);
    outcome.ws.send(JSON.stringify({ id: 7, ns: 'app', method: 'info', input: {} }));
    expect(await nextMessage(outcome.ws)).toEqual({
      id: 7,
      result: {
        ok: true,
        value: { name: 'Stride', version: '1.2.3', mode: 'browser', platform: process.platform },
      },
    });
    outcome.ws.close();
  });

  it('accepts the token from the cookie (a reloaded page)', async () => {
    const outcome = await openSocket(wsUrl(h, null), {
      origin: h.server.origin,
      cookie: `stride_token_${h.server.port}=${h.server.token}`,
    });
    expect(outcome.kind).toBe('open');
    if (outcome.kind === 'open') outcome.ws.close();
  });

  it('refuses a wrong or missing Origin, and a missing or wrong token', async () => {
    const cases: [string, string, { origin?: string }][] = [
      ['cross-site origin', wsUrl(h), { origin: 'http://evil.example' }],
      ['localhost origin', wsUrl(h), { origin: `http://localhost:${h.server.port}` }],
      ['other port', wsUrl(h), { origin: `http://127.0.0.1:${h.server.port + 1}` }],
      ['no origin', wsUrl(h), {}],
      ['no token', wsUrl(h, null), { origin: h.server.origin }],
      ['wrong token', wsUrl(h, 'x'.repeat(43)), { origin: h.server.origin }],
    ];
    for (const [name, url, headers] of cases) {
      const outcome = await openSocket(url, headers);
      expect(outcome.kind, name).toBe('refused');
      if (outcome.kind === 'refused') expect([401, 403], name).toContain(outcome.status);
    }
    expect(h.closed).toEqual([]);
  });

  it('answers malformed requests with coded errors and keeps the connection', async () => {
    const outcome = await openSocket(wsUrl(h), { origin: h.server.origin });
    if (outcome.kind !== 'open') throw new Error('refused');
    const { ws } = outcome;
    const exchange = async (frame: string) => {
      const reply = nextMessage(ws);
      ws.send(frame);
      return (await reply) as { id: number | null; result: { ok: boolean; error?: { code: string } } };
    };
    expect((await exchange('not json')).result.error?.code).toBe('API_BAD_REQUEST');
    const noMethod = await exchange(JSON.stringify({ id: 3, ns: 'app', input: {} }));
    expect(noMethod).toMatchObject({ id: 3, result: { ok: false, error: { code: 'API_BAD_REQUEST' } } });
    const unknown = await exchange(JSON.stringify({ id: 4, ns: '__proto__', method: 'x', input: {} }));
    expect(unknown.result.error?.code).toBe('API_UNKNOWN_METHOD');
    const badInput = await exchange(
      JSON.stringify({ id: 5, ns: 'project', method: 'open', input: { path: 42 } }),
    );
    expect(badInput.result.error?.code).toBe('API_BAD_REQUEST');
    const fine = await exchange(JSON.stringify({ id: 6, ns: 'app', method: 'info', input: {} }));
    expect(fine.result.ok).toBe(true);
    ws.close();
  });

  it('closes a connection that sends a frame over the size limit', async () => {
    const outcome = await openSocket(wsUrl(h), { origin: h.server.origin });
    if (outcome.kind !== 'open') throw new Error('refused');
    const code = await new Promise<number>((resolve) => {
      outcome.ws.once('close', (closeCode) => resolve(closeCode));
      outcome.ws.on('error', () => undefined);
      outcome.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    });
    expect(code).toBe(1009);
  });

  it('pushes events to every connection and reports closed connections to the host', async () => {
    const a = await openSocket(wsUrl(h), { origin: h.server.origin });
    const b = await openSocket(wsUrl(h), { origin: h.server.origin });
    if (a.kind !== 'open' || b.kind !== 'open') throw new Error('refused');
    const got = Promise.all([nextMessage(a.ws), nextMessage(b.ws)]);
    h.server.broadcast('menu', { command: 'file.save' });
    expect(await got).toEqual([
      { event: 'menu', payload: { command: 'file.save' } },
      { event: 'menu', payload: { command: 'file.save' } },
    ]);
    await new Promise<void>((resolve) => {
      a.ws.once('close', () => resolve());
      a.ws.close();
    });
    await expect.poll(() => h.closed).toHaveLength(1);
    b.ws.close();
  });

  it('refuses the WebSocket upgrade on any other path', async () => {
    const outcome = await openSocket(`ws://127.0.0.1:${h.server.port}/other?token=${h.server.token}`, {
      origin: h.server.origin,
    });
    expect(outcome).toEqual({ kind: 'refused', status: 404 });
  });
});
