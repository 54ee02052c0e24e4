import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contract } from '../../shared/api/contract';
import { test, expect } from './fixtures';

test.describe('browser mode', () => {
  test('loads with the token, mounts the app, and window.stride answers app.info', async ({
    page,
    strideUrl,
    strideServer,
  }) => {
    const response = await page.goto(strideUrl);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#root')).not.toBeEmpty();
    const info = await page.evaluate(() => window.stride.app.info({}));
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ name: 'Stride', mode: 'browser' }) });
    // The printed URL leads under the app's random path; the token leaves the address bar; the HttpOnly
    // cookie is invisible to scripts.
    expect(page.url()).toMatch(new RegExp(`^${strideServer.origin}/s/[A-Za-z0-9_-]{22}/$`));
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  test('the token cookie never reaches another server on 127.0.0.1', async ({ page, strideUrl }) => {
    // Another local HTTP server (another port) that records the Cookie header of every request it gets.
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(`${req.url ?? ''} ${req.headers.cookie ?? ''}`);
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>other</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      await page.goto(strideUrl);
      await expect(page.locator('#root')).not.toBeEmpty();
      const appPath = new URL(page.url()).pathname;
      // The browser visits the other server, on the paths the app uses and the root.
      for (const path of ['/', '/api', '/s/', '/index.html']) {
        await page.goto(`http://127.0.0.1:${port}${path}`);
      }
      // Our server still has the cookie: a reload of the app path works without the token.
      await page.goto(`${new URL(strideUrl).origin}${appPath}`);
      const listing = await page.evaluate(() => window.stride.project.list({}));
      expect(listing.ok).toBe(true);
      expect(seen).toHaveLength(4);
      expect(seen.filter((line) => line.includes('stride_token'))).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  test('keeps working after a reload (cookie), with the same contract', async ({ page, strideUrl }) => {
    await page.goto(strideUrl);
    await page.reload();
    await expect(page.locator('#root')).not.toBeEmpty();
    const listing = await page.evaluate(() => window.stride.project.list({}));
    expect(listing.ok).toBe(true);
  });

  test('is refused without the token', async ({ page, strideServer }) => {
    const response = await page.goto(`${strideServer.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('#root')).toHaveCount(0);
    const wrong = await page.goto(`${strideServer.origin}/?token=${'A'.repeat(43)}`);
    expect(wrong?.status()).toBe(403);
  });

  test('exposes only the typed contract: frozen window.stride, no Node globals', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(strideUrl);
    const shape = await page.evaluate(() => ({
      namespaces: Object.keys(window.stride).sort(),
      frozen: Object.isFrozen(window.stride) && Object.isFrozen(window.stride.app),
      node: ['require', 'process', 'module', 'Buffer'].filter((name) => name in window),
    }));
    expect(shape).toEqual({
      namespaces: [...Object.keys(contract), 'on'].sort(),
      frozen: true,
      node: [],
    });
  });

  test('saves and reopens a project in the host folder through the page', async ({
    page,
    strideUrl,
    strideServer,
  }) => {
    await page.goto(strideUrl);
    const result = await page.evaluate(async () => {
      const project = {
        format: 'stride-project' as const,
        version: 1 as const,
        graph: { version: 1 as const, name: 'E2E', nodes: [], edges: [] },
      };
      const saved = await window.stride.project.save({ path: 'e2e-roundtrip', project });
      if (!saved.ok || saved.value === null) return saved;
      return window.stride.project.open({ path: saved.value.path });
    });
    expect(result).toMatchObject({
      ok: true,
      value: { path: `${strideServer.hostDir}/e2e-roundtrip.stride.json` },
    });
  });
});

test.describe('the e2e guard itself', () => {
  test('fails a test whose page requests a non-loopback host', async ({ page, strideUrl }) => {
    test.fail(true, 'the guard must turn this request into a failure');
    await page.goto(strideUrl);
    await page.goto('http://stride-guard-probe.invalid/').catch(() => undefined);
  });

  test('fails a test whose page throws an uncaught error', async ({ page, strideUrl }) => {
    test.fail(true, 'the guard must turn this page error into a failure');
    await page.goto(strideUrl);
    // Waits for the error itself (not a fixed time): the guard records it from the same event.
    const thrown = page.context().waitForEvent('weberror');
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('deliberate uncaught error');
      }, 0);
    });
    await thrown;
  });
});
