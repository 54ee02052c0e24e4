import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { HostService } from '../../shared/api/types';
import { MAX_MESSAGE_BYTES, WS_ENDPOINT } from '../../shared/api/wire';
import {
  checkCredential,
  createAppPath,
  createToken,
  hostAllowed,
  originAllowed,
  parseTarget,
  securityHeaders,
  tokenCookie,
} from './security';
import { SocketApi } from './socket';
import { serveStatic } from '../shell/static';

/** Browser mode listens on IPv4 loopback only: nothing on the network can reach it. */
export const LOOPBACK = '127.0.0.1';
export const MAX_CONNECTIONS = 32;

export interface WebServerOptions {
  readonly service: HostService;
  /** The built renderer (app/dist/renderer). */
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly token?: string;
  /** The largest WebSocket message accepted (default MAX_MESSAGE_BYTES); tests lower it. */
  readonly maxMessageBytes?: number;
  readonly onConnectionClosed?: (senderId: string) => void;
}

export interface WebServer {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The URL to open: the origin with the token, exactly as printed by `stride serve` (it redirects to appPath). */
  readonly url: string;
  /** Where the app is served (`/s/<random>/`): the token cookie's Path; the WebSocket is `${appPath}api`. */
  readonly appPath: string;
  readonly address: { address: string; family: string; port: number };
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? createToken();
  const appPath = createAppPath();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const api = new SocketApi(wss, options.service, { onClose: options.onConnectionClosed });
  let port = 0;
  let origin = '';

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  function plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, {
      ...securityHeaders(port),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(`${text}\n`);
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return plain(res, 403, 'Forbidden: unexpected Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'Method not allowed.');
    }
    const url = parseTarget(req.url, origin);
    if (url === null) return plain(res, 400, 'Bad request target.');
    const credential = checkCredential(req, url, token, port);
    if (credential === 'missing')
      return plain(
        res,
        401,
        'Unauthorized: open the URL that `stride serve` printed (it carries the token).',
      );
    if (credential === 'wrong') return plain(res, 403, 'Forbidden: wrong token.');
    if (!url.pathname.startsWith(appPath)) {
      // The printed URL (`/?token=…`) and anything else outside the app path: on to the same place under it,
      // token and query kept (the cookie is not there yet, and the page removes the token from the address).
      res.writeHead(302, {
        ...securityHeaders(port),
        Location: `${appPath}${url.pathname.slice(1)}${url.search}`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const headers = securityHeaders(port);
    // Assets, reloads and the WebSocket carry no token in their URL: the first page load hands them this cookie.
    if (url.searchParams.has('token')) headers['Set-Cookie'] = tokenCookie(port, token, appPath);
    const inner = `/${url.pathname.slice(appPath.length)}`;
    const outcome = await serveStatic(options.rendererDir, inner, res, headers, req.method === 'HEAD');
    if (outcome === 'bad-path') return plain(res, 400, 'Bad path.');
    if (outcome === 'not-found') {
      if (inner === '/')
        return plain(res, 503, 'The renderer is not built: run `npm run build` in the Stride folder.');
      return plain(res, 404, 'Not found.');
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // An upgrade socket is ours alone: a client that resets it must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = parseTarget(req.url, origin);
    if (url === null) return refuse('400 Bad Request');
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return refuse('403 Forbidden');
    // Beside the app (the page's own, with the cookie), or at the root with `?token=` (scripts, tests).
    if (url.pathname !== `${appPath}${WS_ENDPOINT}` && url.pathname !== `/${WS_ENDPOINT}`)
      return refuse('404 Not Found');
    const credential = checkCredential(req, url, token, port);
    if (credential === 'missing') return refuse('401 Unauthorized');
    if (credential === 'wrong') return refuse('403 Forbidden');
    if (api.connections >= MAX_CONNECTIONS) return refuse('503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: LOOPBACK, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('the server has no TCP address');
  port = bound.port;
  origin = `http://${LOOPBACK}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    appPath,
    address: { address: bound.address, family: bound.family, port: bound.port },
    broadcast: (event, payload) => api.broadcast(event, payload),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
