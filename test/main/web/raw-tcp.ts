import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server sent before it closed (or before `settleMs` of quiet after a full response). */
  readonly response: string;
  /** The status code of the first response line, or null when none came. */
  readonly status: number | null;
  /** Milliseconds from sending to the end of the exchange. */
  readonly ms: number;
  /** The exchange did not end within `limitMs`. */
  readonly hung: boolean;
}

const STATUS = /^HTTP\/1\.[01] (\d{3}) /;

/**
 * Sends raw bytes to the server and collects its answer until it closes the connection, or until a response
 * with a known length is complete (keep-alive). `limitMs` only bounds a hang: reaching it is reported as
 * `hung` and fails the caller's assertion, it never decides a pass.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { limitMs?: number; halfClose?: boolean } = {},
): Promise<RawExchange> {
  const limitMs = options.limitMs ?? 5000;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (hung: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const response = received.toString('latin1');
      const match = STATUS.exec(response);
      resolve({ response, status: match ? Number(match[1]) : null, ms: Date.now() - started, hung });
    };
    const timer = setTimeout(() => finish(true), limitMs);
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.halfClose !== false) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete(received.toString('latin1'))) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

/** A whole response: headers and, when it declares one, its body. */
function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length === null) return /^HTTP\/1\.[01] (1\d\d|204|304) /.test(text);
  return Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1]);
}

/** A GET with the given target and headers, as one raw request. */
export function rawGet(target: string, headers: Readonly<Record<string, string>>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
