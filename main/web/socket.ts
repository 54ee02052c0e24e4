import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { describeZodError, dispatch } from '../../shared/api/dispatch';
import { ApiErrorCode, fail, type Result } from '../../shared/api/errors';
import type { HostService } from '../../shared/api/types';
import { RequestMessageSchema, type ResponseMessage } from '../../shared/api/wire';

/** Requests one connection may have in flight; more are answered API_BUSY (a runaway page cannot queue forever). */
export const MAX_PENDING_PER_CONNECTION = 64;

export interface SocketHooks {
  /** A connection closed: the host forgets which sessions it owned. */
  onClose?(senderId: string): void;
}

/**
 * The WebSocket half of browser mode: one JSON request in, one JSON response out, events pushed to every
 * connection. Envelopes are checked here, everything inside them by shared/api/dispatch.ts.
 */
export class SocketApi {
  private readonly clients = new Set<WebSocket>();
  private counter = 0;

  constructor(
    private readonly wss: WebSocketServer,
    private readonly service: HostService,
    private readonly hooks: SocketHooks = {},
  ) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  get connections(): number {
    return this.clients.size;
  }

  broadcast(event: string, payload: unknown): void {
    const frame = JSON.stringify({ event, payload });
    for (const ws of this.clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  }

  private accept(ws: WebSocket): void {
    const senderId = `ws-${++this.counter}`;
    let pending = 0;
    this.clients.add(ws);
    const reply = (message: ResponseMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.close(1003, 'text frames only');
        return;
      }
      const request = parseRequest(data);
      if (!request.ok) {
        reply({ id: request.id, result: request.result });
        return;
      }
      const { id, ns, method, input } = request;
      if (pending >= MAX_PENDING_PER_CONNECTION) {
        reply({
          id,
          result: fail('API_BUSY', `More than ${MAX_PENDING_PER_CONNECTION} requests in flight.`),
        });
        return;
      }
      pending += 1;
      void dispatch(this.service, ns, method, input, { transport: 'websocket', senderId }).then((result) => {
        pending -= 1;
        reply({ id, result });
      });
    });
    ws.on('close', () => {
      this.clients.delete(ws);
      this.hooks.onClose?.(senderId);
    });
    ws.on('error', () => ws.terminate());
  }
}

type Parsed =
  | { ok: true; id: number; ns: string; method: string; input: unknown }
  | { ok: false; id: number | null; result: Result<never> };

function parseRequest(data: RawData): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
  } catch {
    return { ok: false, id: null, result: fail(ApiErrorCode.badRequest, 'The message is not JSON.') };
  }
  const parsed = RequestMessageSchema.safeParse(json);
  if (!parsed.success) {
    const raw = (json as { id?: unknown } | null)?.id;
    const id = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
    return {
      ok: false,
      id,
      result: fail(ApiErrorCode.badRequest, `Malformed request: ${describeZodError(parsed.error)}`),
    };
  }
  return { ok: true, ...parsed.data };
}
