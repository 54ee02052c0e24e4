import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_EVENT, installBrowserBridge } from '../../../renderer/src/bridge/install';
import type { WebSocketLike } from '../../../renderer/src/bridge/websocket';

/** A socket that records what it is asked and lets the test play the server. */
class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(data: unknown): void {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
}

/** A fresh window-like target per test (jsdom's window cannot lose a non-configurable property). */
function fakeWindow(href: string): Window {
  const target = new EventTarget() as EventTarget & Record<string, unknown>;
  const url = new URL(href);
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, next: string) => {
      const resolved = new URL(next, url);
      url.search = resolved.search;
      url.pathname = resolved.pathname;
    },
  };
  Object.defineProperty(target, 'location', { get: () => url });
  target.history = history;
  return target as unknown as Window;
}

afterEach(() => {
  FakeSocket.opened = [];
});

describe('installBrowserBridge', () => {
  it('connects to /api with the page token, then removes the token from the address bar', () => {
    const target = fakeWindow('http://127.0.0.1:4321/?token=abc_DEF-1&preset=lenet5#x');
    installBrowserBridge(target, { connect: (url) => new FakeSocket(url) });
    expect(FakeSocket.opened.map((s) => s.url)).toEqual(['ws://127.0.0.1:4321/api?token=abc_DEF-1']);
    expect(target.location.href).toBe('http://127.0.0.1:4321/?preset=lenet5#x');
  });

  it('defines a read-only window.stride that carries calls and results', async () => {
    const target = fakeWindow('http://127.0.0.1:4321/?token=t');
    const api = installBrowserBridge(target, { connect: (url) => new FakeSocket(url) });
    expect((target as unknown as { stride: unknown }).stride).toBe(api);
    expect(() => Object.assign(target, { stride: null })).toThrow();
    const socket = FakeSocket.opened[0]!;
    socket.open();
    const pending = api.app.info({});
    await Promise.resolve();
    await Promise.resolve();
    const request = JSON.parse(socket.sent[0]!) as { id: number; ns: string; method: string };
    expect(request).toMatchObject({ ns: 'app', method: 'info', input: {} });
    const value = { name: 'Stride', version: '1', mode: 'browser', platform: 'linux' };
    socket.reply({ id: request.id, result: { ok: true, value } });
    expect(await pending).toEqual({ ok: true, value });
  });

  it('announces connection changes as window events', () => {
    const target = fakeWindow('http://127.0.0.1:4321/?token=t');
    const seen: string[] = [];
    target.addEventListener(CONNECTION_EVENT, (event) => seen.push((event as CustomEvent<string>).detail));
    installBrowserBridge(target, {
      connect: (url) => new FakeSocket(url),
      backoffMs: { initial: 10_000, max: 10_000 },
    });
    const socket = FakeSocket.opened[0]!;
    socket.open();
    socket.onclose?.({});
    expect(seen).toEqual(['open', 'closed']);
  });

  it('leaves a preload-provided window.stride alone', () => {
    const target = fakeWindow('http://127.0.0.1:4321/?token=t');
    const provided = { from: 'preload' };
    Object.defineProperty(target, 'stride', { value: provided });
    expect(installBrowserBridge(target, { connect: (url) => new FakeSocket(url) })).toBe(provided);
    expect(FakeSocket.opened).toEqual([]);
  });
});
