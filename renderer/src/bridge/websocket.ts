import type { Transport } from '../../../shared/api/client';
import type { Result } from '../../../shared/api/errors';
import { ServerMessageSchema } from '../../../shared/api/wire';

/** The subset of the browser WebSocket this transport uses (tests pass Node's `ws`, which has the same shape). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface WebSocketTransportOptions {
  /** Opens a socket; defaults to `new WebSocket(url)`. */
  readonly connect?: (url: string) => WebSocketLike;
  /** How long a call made while disconnected waits for the connection before failing (ms). */
  readonly connectTimeoutMs?: number;
  /** Reconnect backoff: first delay and cap (ms); doubles with jitter in between. */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  readonly onStatus?: (status: ConnectionStatus) => void;
}

export interface WebSocketTransport extends Transport {
  readonly status: ConnectionStatus;
  /** Stop reconnecting and close. Pending calls fail. */
  dispose(): void;
}

const OPEN = 1;

interface Pending {
  resolve(result: Result<unknown>): void;
  reject(error: Error): void;
}

/**
 * Browser mode's Transport: one WebSocket, JSON requests matched to responses by id, events fanned out to
 * subscribers. When the connection drops, calls in flight fail (createStrideApi reports them as
 * API_DISCONNECTED) and the socket reconnects with exponential backoff; new calls wait for it briefly.
 */
export function createWebSocketTransport(
  url: string,
  options: WebSocketTransportOptions = {},
): WebSocketTransport {
  const connect = options.connect ?? ((target: string) => new WebSocket(target) as unknown as WebSocketLike);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const backoff = options.backoffMs ?? { initial: 250, max: 5000 };
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const waiters = new Set<() => void>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let delay = backoff.initial;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  function failPending(reason: string): void {
    for (const call of pending.values()) call.reject(new Error(reason));
    pending.clear();
  }

  function open(): void {
    timer = null;
    if (disposed) return;
    setStatus('connecting');
    let ws: WebSocketLike;
    try {
      ws = connect(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      delay = backoff.initial;
      setStatus('open');
      for (const wake of [...waiters]) wake();
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onerror = () => undefined; // onclose follows and does the work
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failPending('the connection to Stride closed');
      setStatus('closed');
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (disposed || timer !== null) return;
    const jittered = delay * (0.75 + Math.random() * 0.5);
    delay = Math.min(delay * 2, backoff.max);
    timer = setTimeout(open, jittered);
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if ('event' in message) {
      for (const listener of [...listeners]) listener(message.event, message.payload);
      return;
    }
    if (message.id === null) return;
    const call = pending.get(message.id);
    if (call === undefined) return;
    pending.delete(message.id);
    call.resolve(message.result as Result<unknown>);
  }

  function whenOpen(): Promise<WebSocketLike> {
    if (socket !== null && socket.readyState === OPEN) return Promise.resolve(socket);
    if (disposed) return Promise.reject(new Error('the connection was closed'));
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(giveUp);
        waiters.delete(wake);
        if (socket !== null && socket.readyState === OPEN) resolve(socket);
        else reject(new Error('the connection to Stride closed'));
      };
      const giveUp = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no connection to Stride after ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      waiters.add(wake);
    });
  }

  open();

  return {
    get status() {
      return status;
    },
    async invoke(ns, method, input) {
      const ws = await whenOpen();
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          ws.send(JSON.stringify({ id, ns, method, input }));
        } catch (error) {
          pending.delete(id);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      failPending('the connection was closed');
      for (const wake of [...waiters]) wake();
      const ws = socket;
      socket = null;
      ws?.close(1000, 'disposed');
      setStatus('closed');
    },
  };
}
