import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createHostService, type RunningHost } from '../../../main/host/index';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../main/web/server';
import { tempDirs, type TempDirs } from '../host/helpers';

export interface Harness {
  readonly server: WebServer;
  readonly host: RunningHost;
  readonly dirs: TempDirs;
  readonly closed: string[];
  stop(): Promise<void>;
}

/** A real server on a free loopback port over a real host service, with a tiny stand-in renderer build. */
export async function startHarness(
  port = 0,
  token?: string,
  dirs: TempDirs = tempDirs(),
  extra: Pick<WebServerOptions, 'maxMessageBytes'> = {},
): Promise<Harness> {
  const rendererDir = join(dirs.root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stride</title><div id="root"></div>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(dirs.root, 'secret.txt'), 'outside the renderer');
  const closed: string[] = [];
  let server: WebServer | null = null;
  const host = createHostService({
    mode: 'browser',
    version: '1.2.3',
    dataDir: dirs.dataDir,
    projectsDir: dirs.projectsDir,
    dialogs: null,
    events: (event, payload) => server?.broadcast(event, payload),
  });
  server = await startWebServer({
    service: host,
    rendererDir,
    port,
    ...extra,
    ...(token === undefined ? {} : { token }),
    onConnectionClosed: (id) => {
      closed.push(id);
      host.senderClosed(id);
    },
  });
  const running = server;
  return {
    server: running,
    host,
    dirs,
    closed,
    async stop() {
      await running.close();
      await host.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (fetch cannot set Host, and normalizes paths). */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export type SocketOutcome = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number };

export function openSocket(
  url: string,
  headers: { origin?: string; cookie?: string } = {},
): Promise<SocketOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      ...(headers.origin === undefined ? {} : { origin: headers.origin }),
      headers: headers.cookie === undefined ? {} : { cookie: headers.cookie },
    });
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

export function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}
