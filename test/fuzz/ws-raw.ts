import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client at the byte level, for sending frames no library would send (unmasked, reserved bits,
 * oversized lengths, bad close codes) and reading what the server answers.
 */
export interface FrameOptions {
  readonly fin?: boolean;
  readonly rsv?: number;
  readonly mask?: boolean;
  /** Announce this payload length instead of the real one (the payload sent stays as given). */
  readonly announce?: bigint;
}

export function frame(opcode: number, payload: Buffer, options: FrameOptions = {}): Buffer {
  const fin = options.fin ?? true;
  const mask = options.mask ?? true;
  const length = options.announce ?? BigInt(payload.length);
  const head = [(fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(head), extended, key, masked]);
}

export type ServerAnswer =
  | { readonly kind: 'close'; readonly code: number | null }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'pong' }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'hung' }
  | { readonly kind: 'refused'; readonly status: string };

/** Parses one unmasked server frame from the front of `data`, or null when it is not complete yet. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer } | null {
  if (data.length < 2) return null;
  const opcode = (data[0] as number) & 0x0f;
  let length = (data[1] as number) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  if (data.length < offset + length) return null;
  return { opcode, payload: data.subarray(offset, offset + length) };
}

/**
 * Opens an authenticated WebSocket by hand, sends `bytes` after the handshake, and reports the server's first
 * answer: a close frame (with its code), a text frame, a pong, the connection dropped without a close frame,
 * or nothing within `limitMs` (a hang). The socket is always destroyed afterwards.
 */
export function exchangeFrames(
  port: number,
  target: string,
  origin: string,
  bytes: Buffer,
  limitMs = 5000,
): Promise<ServerAnswer> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let done = false;
    const finish = (answer: ServerAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ kind: 'hung' }), limitMs);
    socket.on('connect', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
        if (!status.startsWith('HTTP/1.1 101')) return finish({ kind: 'refused', status });
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        socket.write(bytes);
      }
      const first = readFrame(buffered);
      if (first === null) return;
      if (first.opcode === 0x8)
        finish({ kind: 'close', code: first.payload.length >= 2 ? first.payload.readUInt16BE(0) : null });
      else if (first.opcode === 0x1) finish({ kind: 'text', text: first.payload.toString('utf8') });
      else if (first.opcode === 0xa) finish({ kind: 'pong' });
      else finish({ kind: 'dropped' });
    });
    socket.on('error', () => finish({ kind: 'dropped' }));
    socket.on('close', () => finish({ kind: 'dropped' }));
  });
}
