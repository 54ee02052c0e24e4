import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StrideApi } from '../../../shared/api/types';
import { app, deliverSentMessages, recorded, type FakeBrowserWindow } from './fake-electron';

// Electron's main process and preload, run under Node against a recording stand-in for the `electron`
// module (fake-electron.ts). The real binary is not needed; smoke.test.ts runs the real thing where it exists.
vi.mock('electron', async () => (await import('./fake-electron')).electron);

let root: string;
let window: FakeBrowserWindow;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'stride-electron-'));
  app.paths.set('userData', join(root, 'userData'));
  app.paths.set('documents', join(root, 'Documents'));
  await import('../../../main/electron/main');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
  window = recorded.windows[0]!;
  await vi.waitFor(() => expect(window.loadedUrl).not.toBeNull());
  await import('../../../main/electron/preload');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Electron main (wiring, with a stand-in electron module)', () => {
  it('creates one window with the security settings on, loading app://stride', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(window.loadedUrl).toBe('app://stride/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(String(window.options.webPreferences?.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(recorded.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('denies every permission request and check but clipboard writes from the app', () => {
    const request = (permission: string, requestingUrl: string) => {
      let granted: boolean | null = null;
      recorded.permissionRequest?.({}, permission, (allow: boolean) => (granted = allow), { requestingUrl });
      return granted;
    };
    expect(request('media', 'app://stride/index.html')).toBe(false);
    expect(request('notifications', 'app://stride/index.html')).toBe(false);
    expect(request('clipboard-read', 'app://stride/index.html')).toBe(false);
    expect(request('clipboard-sanitized-write', 'app://stride/index.html')).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(recorded.permissionCheck?.({}, 'clipboard-read', 'app://stride')).toBe(false);
    expect(recorded.permissionCheck?.({}, 'geolocation', 'app://stride')).toBe(false);
    expect(recorded.permissionCheck?.({}, 'clipboard-sanitized-write', 'app://stride')).toBe(true);
    expect(recorded.devicePermission?.({})).toBe(false);
  });

  it('cancels requests to anything but the app and stamps the CSP on responses', () => {
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      recorded.beforeRequest?.({ url }, (answer: { cancel: boolean }) => (cancel = answer.cancel));
      return cancel;
    };
    expect(verdict('app://stride/index.html')).toBe(false);
    expect(verdict('https://cdn.example/lib.js')).toBe(true);
    expect(verdict('file:///etc/passwd')).toBe(true);
    let headers: Record<string, string[]> = {};
    recorded.headersReceived?.(
      { responseHeaders: {} },
      (answer: { responseHeaders: Record<string, string[]> }) => {
        headers = answer.responseHeaders;
      },
    );
    expect(headers['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });

  it('blocks navigation, new windows and <webview>', () => {
    const contents = window.webContents;
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('answers the contract over IPC only for our window', async () => {
    const handler = recorded.ipcHandlers.get('stride:invoke')!;
    const contents = window.webContents;
    const trusted = { sender: contents, senderFrame: contents.mainFrame };
    expect(await handler(trusted, { ns: 'app', method: 'info', input: {} })).toMatchObject({
      ok: true,
      value: { name: 'Stride', mode: 'electron', version: '0.0.0-test' },
    });
    const stranger = { sender: { id: 999, mainFrame: {} }, senderFrame: { url: 'app://stride/index.html' } };
    expect(await handler(stranger, { ns: 'app', method: 'info', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'API_FORBIDDEN' },
    });
    const foreignFrame = { url: 'https://evil.example/' };
    expect(
      await handler({ sender: { id: contents.id, mainFrame: foreignFrame }, senderFrame: foreignFrame }, {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'API_FORBIDDEN' },
    });
    expect(await handler(trusted, { ns: 'app', method: 'info', input: {}, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'API_BAD_REQUEST' },
    });
    expect(await handler(trusted, 'garbage')).toMatchObject({
      ok: false,
      error: { code: 'API_BAD_REQUEST' },
    });
  });

  it('the preload exposes exactly window.stride, which round-trips app.info and receives menu events', async () => {
    expect([...recorded.exposed.keys()]).toEqual(['stride']);
    const stride = recorded.exposed.get('stride') as StrideApi;
    expect(await stride.app.info({})).toMatchObject({ ok: true, value: { mode: 'electron' } });
    const commands: string[] = [];
    const off = stride.on('menu', (payload) => commands.push(payload.command));
    const menu = recorded.menu as { template: { submenu?: { id?: string; click?: () => void }[] }[] };
    const save = menu.template.flatMap((item) => item.submenu ?? []).find((item) => item.id === 'file.save');
    save?.click?.();
    deliverSentMessages(window);
    expect(commands).toEqual(['file.save']);
    off();
  });

  it("makes a page's autosave recoverable once the page reloads or its renderer dies", async () => {
    const handler = recorded.ipcHandlers.get('stride:invoke')!;
    const contents = window.webContents;
    const trusted = { sender: contents, senderFrame: contents.mainFrame };
    const project = {
      format: 'stride-project',
      version: 1,
      graph: { version: 1, name: 'Draft', nodes: [], edges: [] },
    };
    const ask = (method: string, input: unknown) => handler(trusted, { ns: 'project', method, input });
    expect(await ask('autosave', { sessionId: 'tab-1', path: null, project })).toMatchObject({ ok: true });
    expect(await ask('recoverable', {})).toEqual({ ok: true, value: [] });
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(await ask('recoverable', {})).toMatchObject({
      ok: true,
      value: [{ sessionId: 'tab-1', name: 'Draft' }],
    });
    expect(await ask('discardAutosave', { sessionId: 'tab-1' })).toMatchObject({ ok: true });
  });

  it('finishes the host before quitting', async () => {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(recorded.quitCalls).toBeGreaterThan(0));
  });
});
