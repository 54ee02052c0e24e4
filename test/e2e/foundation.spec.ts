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
    // The token leaves the address bar; the HttpOnly cookie is invisible to scripts.
    expect(page.url()).toBe(`${strideServer.origin}/`);
    expect(await page.evaluate(() => document.cookie)).toBe('');
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
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('deliberate uncaught error');
      }, 0);
    });
    await page.waitForTimeout(200);
  });
});
