import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { HostService } from '../../shared/api/types';
import { MAX_MESSAGE_BYTES, WS_PATH } from '../../shared/api/wire';
import {
  checkCredential,
  cookieName,
  createToken,
  hostAllowed,
  originAllowed,
  securityHeaders,
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
  readonly onConnectionClosed?: (senderId: string) => void;
}

export interface WebServer {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The URL to open: the origin with the token, exactly as printed by `stride serve`. */
  readonly url: string;
  readonly address: { address: string; family: string; port: number };
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? createToken();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
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
    const url = new URL(req.url ?? '/', origin);
    const credential = checkCredential(req, url, token, port);
    if (credential === 'missing')
      return plain(
        res,
        401,
        'Unauthorized: open the URL that `stride serve` printed (it carries the token).',
      );
    if (credential === 'wrong') return plain(res, 403, 'Forbidden: wrong token.');
    const headers = securityHeaders(port);
    if (url.searchParams.has('token')) {
      // Assets and reloads carry no token in their URL: the first page load hands them this cookie.
      headers['Set-Cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    const outcome = await serveStatic(options.rendererDir, url.pathname, res, headers, req.method === 'HEAD');
    if (outcome === 'bad-path') return plain(res, 400, 'Bad path.');
    if (outcome === 'not-found') {
      if (url.pathname === '/')
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
    const url = new URL(req.url ?? '/', origin);
    if (!hostAllowed(req, port) || !originAllowed(req, origin)) return refuse('403 Forbidden');
    if (url.pathname !== WS_PATH) return refuse('404 Not Found');
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
