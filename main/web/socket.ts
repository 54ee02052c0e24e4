import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { describeZodError, dispatch } from '../../shared/api/dispatch';
import { ApiErrorCode, fail, type Result } from '../../shared/api/errors';
import type { HostService } from '../../shared/api/types';
import { MAX_MESSAGE_BYTES, RequestMessageSchema, type ResponseMessage } from '../../shared/api/wire';
import { JSON_LIMITS, JsonGuardCode, parseJsonText } from '../../shared/graph/json-text';

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
      void dispatch(this.service, ns, method, input, { transport: 'websocket', senderId })
        .catch((error: unknown) =>
          fail(ApiErrorCode.internal, `Internal error in ${ns}.${method}: ${String(error)}`),
        )
        .then((result) => {
          pending -= 1;
          reply({ id, result });
        });
    });
    ws.on('close', () => {
      this.clients.delete(ws);
      this.hooks.onClose?.(senderId);
    });
    // ws reports a protocol violation (oversized frame, bad UTF-8, unmasked frame) here after it has already
    // sent the matching close code (1009, 1007, 1002) and started closing; terminating now would drop that
    // close frame and the client would only see 1006. Socket-level errors are handled inside ws.
    ws.on('error', () => undefined);
  }
}

type Parsed =
  | { ok: true; id: number; ns: string; method: string; input: unknown }
  | { ok: false; id: number | null; result: Result<never> };

/** The guard's limits for one message: a whole frame may be text, the rest is as for a project. */
const MESSAGE_LIMITS = { ...JSON_LIMITS, maxChars: MAX_MESSAGE_BYTES };

/** `{"id":12,` at the start of a message: lets a refusal of its body still answer the right call. */
function leadingId(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  return match === null ? null : Number(match[1]);
}

function parseRequest(data: RawData): Parsed {
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  const json = parseJsonText(text, 'The message', MESSAGE_LIMITS);
  if (!json.ok) {
    const { code, message } = json.error;
    return {
      ok: false,
      id: leadingId(text),
      result:
        code === JsonGuardCode.notJson
          ? fail(ApiErrorCode.badRequest, 'The message is not JSON.')
          : fail(code, message),
    };
  }
  const parsed = RequestMessageSchema.safeParse(json.value);
  if (!parsed.success) {
    const raw = (json.value as { id?: unknown } | null)?.id;
    const id = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
    return {
      ok: false,
      id,
      result: fail(ApiErrorCode.badRequest, `Malformed request: ${describeZodError(parsed.error)}`),
    };
  }
  return { ok: true, ...parsed.data };
}
