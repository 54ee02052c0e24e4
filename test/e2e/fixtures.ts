/**
 * Playwright fixtures for every Stride e2e spec. Import `test` and `expect` from here instead of
 * '@playwright/test':
 *
 *   import { test, expect } from './fixtures';
 *   test('my feature', async ({ page, strideUrl }) => {
 *     await page.goto(strideUrl);                 // the app, served by `stride serve`, token included
 *     await expect(page.locator('#root')).not.toBeEmpty();
 *   });
 *
 * What you get:
 * - `strideServer` (one per Playwright worker): a real `node main/cli/bin.cjs serve --port 0` process with a
 *   temporary project folder and data folder. Fields: `url` (with token), `origin`, `token`, `hostDir` (put
 *   `*.stride.json` files here to have the page open them), `dataDir`. Shared by the tests of a worker, so
 *   use unique file names. The renderer is (re)built by `serve` if it is stale, so specs always test the
 *   current sources.
 * - `strideUrl`: `strideServer.url`.
 * - An automatic guard: a test FAILS if any page of its context requested a non-loopback host (such requests
 *   are also aborted, never sent) or had an uncaught page error. `strideGuard.consoleErrors` lists console
 *   errors for tests that want to assert on them (they do not fail a test by themselves).
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StrideServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly hostDir: string;
  readonly dataDir: string;
}

export interface StrideGuard {
  /** Requests to hosts other than loopback (aborted). Non-empty at the end of a test fails it. */
  readonly offLoopback: string[];
  /** Uncaught errors in pages. Non-empty at the end of a test fails it. */
  readonly pageErrors: string[];
  /** console.error messages, for information. */
  readonly consoleErrors: string[];
}

const FIRST_LINE = /^Stride is running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOCAL_SCHEMES = new Set([
  'data:',
  'blob:',
  'about:',
  'chrome-error:',
  'chrome-extension:',
  'devtools:',
]);

export function isLoopbackUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(url.protocol)) return true;
  return LOOPBACK_HOSTS.has(url.hostname);
}

async function startServer(): Promise<{ server: StrideServer; stop: () => Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'stride-e2e-'));
  const hostDir = join(root, 'projects');
  const dataDir = join(root, 'data');
  const child: ChildProcess = spawn(
    process.execPath,
    ['main/cli/bin.cjs', 'serve', '--port', '0', '--host-dir', hostDir, '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve(stdout.slice(0, newline));
    });
    child.once('exit', (code) =>
      reject(new Error(`stride serve exited (${code}) before its URL line:\n${stderr}`)),
    );
  });
  const match = FIRST_LINE.exec(line);
  if (match === null) throw new Error(`unexpected first line from stride serve: ${line}`);
  const [, origin, token] = match as unknown as [string, string, string];
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { server: { url: `${origin}/?token=${token}`, origin, token, hostDir, dataDir }, stop };
}

async function installGuard(context: BrowserContext): Promise<StrideGuard> {
  const guard: StrideGuard = { offLoopback: [], pageErrors: [], consoleErrors: [] };
  // Abort before anything leaves the machine; the request event still records the attempt.
  await context.route(
    (url) => !isLoopbackUrl(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  await context.routeWebSocket(
    (url) => !isLoopbackUrl(url.href),
    (ws) => {
      guard.offLoopback.push(`websocket ${ws.url()}`);
      void ws.close();
    },
  );
  context.on('request', (request) => {
    if (!isLoopbackUrl(request.url())) guard.offLoopback.push(`${request.method()} ${request.url()}`);
  });
  context.on('weberror', (error) => guard.pageErrors.push(error.error().message));
  context.on('console', (message) => {
    if (message.type() === 'error') guard.consoleErrors.push(message.text());
  });
  return guard;
}

export const test = base.extend<
  { strideUrl: string; strideGuard: StrideGuard },
  { strideServer: StrideServer }
>({
  strideServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { server, stop } = await startServer();
      await use(server);
      await stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  strideUrl: async ({ strideServer }, use) => {
    await use(strideServer.url);
  },
  strideGuard: [
    async ({ context }, use) => {
      const guard = await installGuard(context);
      await use(guard);
      expect(guard.offLoopback, 'the page requested non-loopback hosts').toEqual([]);
      expect(guard.pageErrors, 'the page had uncaught errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
