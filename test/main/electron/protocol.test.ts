import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recorded } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electron);

let root: string;
let handle: (request: Request) => Promise<Response>;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'stride-protocol-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), '<div id="root"></div>');
  writeFileSync(join(root, 'renderer', 'assets', 'a.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const { serveRenderer } = await import('../../../main/electron/protocol');
  serveRenderer(join(root, 'renderer'));
  handle = recorded.protocolHandlers.get('app')!;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the renderer with the CSP, nosniff and content types', async () => {
    const index = await handle(new Request('app://stride/index.html'));
    expect(index.status).toBe(200);
    expect(await index.text()).toBe('<div id="root"></div>');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('cache-control')).toBe('no-store');
    const asset = await handle(new Request('app://stride/assets/a.js'));
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    for (const url of [
      'app://stride/../secret.txt',
      'app://stride/%2e%2e/secret.txt',
      'app://other/index.html',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });
});
