import type { Rng } from './prng';

/**
 * Malformed HTTP requests for the browser-mode fuzz: broken request lines and targets (the crash of issue 15
 * item 1), hostile headers, upgrade requests that are almost right, and raw garbage. Deterministic given the Rng.
 */
export interface RawCase {
  readonly name: string;
  readonly bytes: Buffer;
  /** Holds no request at all (HTTP ignores empty lines before one): closing without an answer is right. */
  readonly silent?: boolean;
}

export interface Server {
  readonly port: number;
  readonly token: string;
  readonly origin: string;
}

const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  'PRI',
  'G ET',
  '',
  'get',
  'GET\u0000',
];
const VERSIONS = [
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/9.9',
  'HTTP/1',
  'http/1.1',
  '',
  'HTTP/1.1 extra',
  'HTTX/1.1',
];

function target(rng: Rng, s: Server): string {
  const token = rng.pick([s.token, 'wrong', '', '%00', s.token.slice(1)]);
  return rng.pick([
    'http://[/api',
    '//[/api',
    'http://x:99999/api',
    `http://127.0.0.1:${s.port}/api?token=${token}`,
    '//evil.example/api',
    '*',
    'api',
    '/',
    `/?token=${token}`,
    `/api?token=${token}`,
    `/s/${'A'.repeat(22)}/?token=${token}`,
    '/%',
    '/%zz',
    '/..%2f..%2fetc/passwd',
    `/${'a'.repeat(rng.int(100, 70_000))}`,
    `/?${'q='.repeat(rng.int(1, 5000))}`,
    '/\u0000',
    '/\u00ff\u00fe',
    `/?token=${token}#frag`,
    'http://127.0.0.1:0/',
    'http://user:pass@127.0.0.1/',
    'javascript:alert(1)',
    '/ /',
    `/${rng.bytes(rng.int(1, 40)).toString('latin1')}`,
  ]);
}

function headers(rng: Rng, s: Server, upgrade: boolean): string[] {
  const lines: string[] = [];
  const host = rng.pick([
    `127.0.0.1:${s.port}`,
    `127.0.0.1:${s.port}`,
    '127.0.0.1',
    'evil.example',
    `localhost:${s.port}`,
    '',
    `127.0.0.1:${s.port}, evil.example`,
  ]);
  if (rng.chance(0.9)) lines.push(`Host: ${host}`);
  if (rng.chance(0.1)) lines.push(`Host: ${host}`);
  if (upgrade) {
    lines.push(`Upgrade: ${rng.pick(['websocket', 'WebSocket', 'h2c', '', 'websocket, h2c'])}`);
    lines.push(`Connection: ${rng.pick(['Upgrade', 'upgrade, keep-alive', 'close', ''])}`);
    if (rng.chance(0.8)) lines.push(`Sec-WebSocket-Version: ${rng.pick(['13', '8', '14', '', 'x'])}`);
    if (rng.chance(0.8))
      lines.push(
        `Sec-WebSocket-Key: ${rng.pick(['dGhlIHNhbXBsZSBub25jZQ==', 'short', '', '!!!!!!!!!!!!!!!!!!!!!!==', 'x'.repeat(200)])}`,
      );
    if (rng.chance(0.8))
      lines.push(`Origin: ${rng.pick([s.origin, 'http://evil.example', 'null', '', `${s.origin}/`])}`);
  }
  const extra = rng.int(0, 3);
  for (let i = 0; i < extra; i += 1) {
    lines.push(
      rng.pick([
        `Cookie: stride_token_${s.port}=${rng.pick([s.token, 'x', ''])}`,
        `Cookie: ${'a=b; '.repeat(rng.int(1, 3000))}`,
        'Content-Length: 5',
        'Content-Length: -1',
        'Content-Length: 99999999999999999999',
        'Content-Length: 3\r\nContent-Length: 4',
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: chunked, identity',
        'X-Long: ' + 'v'.repeat(rng.int(1000, 40_000)),
        'No-Colon-Header',
        ' folded: continuation',
        'Bad Name: x',
        'X-Nul: a\u0000b',
        'X-Cr: a\rb',
        `X-Bytes: ${rng.bytes(20).toString('latin1')}`,
        'Expect: 100-continue',
        ...Array.from({ length: 3 }, () => `X-Many-${rng.int(0, 99)}: ${'m'.repeat(10)}`),
      ]),
    );
  }
  return lines;
}

/** `count` malformed HTTP requests (plain and upgrade), plus fixed cases. */
export function malformedRequests(rng: Rng, s: Server, count: number): RawCase[] {
  const fixed: RawCase[] = [
    { name: 'HTTP/2 preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n') },
    {
      name: 'TLS client hello',
      bytes: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
    },
    { name: 'empty lines only', bytes: Buffer.from('\r\n\r\n'), silent: true },
    { name: 'request line without CRLF', bytes: Buffer.from(`GET /?token=${s.token} HTTP/1.1`) },
    {
      name: 'many headers',
      bytes: Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n${'X-A: b\r\n'.repeat(3000)}\r\n`),
    },
    {
      name: 'pipelined malformed after a good one',
      bytes: Buffer.from(
        `GET /?token=${s.token} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\nGET http://[/api HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`,
      ),
    },
    {
      name: 'chunked body with a bad chunk',
      bytes: Buffer.from(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
      ),
    },
    {
      name: 'smuggling: Content-Length and Transfer-Encoding',
      bytes: Buffer.from(
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`,
      ),
    },
  ];
  const cases = [...fixed];
  for (let i = cases.length; i < count; i += 1) {
    const kind = rng.int(0, 9);
    if (kind === 0) {
      cases.push({ name: `garbage ${i}`, bytes: rng.bytes(rng.int(1, 2048)) });
      continue;
    }
    const upgrade = kind <= 4;
    const method = rng.chance(0.7) ? 'GET' : rng.pick(METHODS);
    const version = rng.chance(0.7) ? 'HTTP/1.1' : rng.pick(VERSIONS);
    const t = target(rng, s);
    const separator = rng.pick(['\r\n', '\r\n', '\r\n', '\n', '\r']);
    const lines = [`${method} ${t} ${version}`.trimEnd(), ...headers(rng, s, upgrade)];
    const text = `${lines.join(separator)}${separator}${separator}`;
    cases.push({
      name: `${upgrade ? 'upgrade' : 'http'} ${i}: ${method} ${t.slice(0, 40)} ${version}`,
      bytes: Buffer.from(text, 'latin1'),
    });
  }
  return cases;
}
