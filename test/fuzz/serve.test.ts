import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDirs, type TempDirs } from '../main/host/helpers';
import { rawExchange, rawGet } from '../main/web/raw-tcp';
import { badCode } from './codes';
import { malformedRequests, type Server } from './http-mutations';
import { createRng, FUZZ_SEED, type Rng } from './prng';
import { malformedProjects } from './project-mutations';
import { exchangeFrames, frame } from './ws-raw';

// Acceptance fuzz (issue 15): 250 malformed HTTP and WebSocket inputs through a running `stride serve` (the
// real CLI process): 130 raw HTTP requests, 40 hostile WebSocket frames, 80 malformed API messages. Every
// input gets an answer within 5 s (a status line, a close code, or a response with a known error code), and
// the server still serves afterwards, with no stack trace in its output. Deterministic (STRIDE_FUZZ_SEED).

const HANG_MS = 5000;
const root = join(__dirname, '..', '..');
let dirs: TempDirs;
let child: ChildProcess;
let server: Server;
let output = '';

beforeAll(async () => {
  dirs = tempDirs();
  child = spawn(
    process.execPath,
    [
      join(root, 'app', 'dist', 'cli', 'index.cjs'),
      'serve',
      '--host-dir',
      dirs.projectsDir,
      '--data-dir',
      dirs.dataDir,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`stride serve exited (${code}): ${output}`)));
  });
  const match = /^Stride is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)$/.exec(line);
  if (match === null) throw new Error(`unexpected first line: ${line}`);
  server = { origin: match[1]!, port: Number(match[2]), token: match[3]! };
}, 180_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  dirs.cleanup();
});

/** The server is alive and serving: the printed URL still leads to the page. */
async function stillServes(): Promise<void> {
  expect(child.exitCode, `stride serve exited: ${output}`).toBeNull();
  const first = await rawExchange(
    server.port,
    rawGet(`/?token=${server.token}`, { Host: `127.0.0.1:${server.port}` }),
  );
  expect(first.status).toBe(302);
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe(`fuzz: malformed input to a running stride serve (seed ${FUZZ_SEED})`, () => {
  it('answers 130 malformed HTTP requests with a status, in time, and keeps serving', async () => {
    const cases = malformedRequests(createRng(FUZZ_SEED), server, 130);
    const failures: string[] = [];
    const statuses = new Map<number | null, number>();
    await pool(cases, 6, async (c) => {
      const answer = await rawExchange(server.port, c.bytes, { limitMs: HANG_MS });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.hung) failures.push(`${c.name}: no answer in ${HANG_MS} ms`);
      else if (answer.status === null && c.silent !== true)
        failures.push(`${c.name}: closed without a status line`);
    });
    console.info(`HTTP statuses: ${[...statuses].map(([s, n]) => `${s} ×${n}`).join(', ')}`);
    expect(failures).toEqual([]);
    await stillServes();
  });

  it('closes 40 hostile WebSocket frames with a protocol close code, in time', async () => {
    const rng = createRng(FUZZ_SEED + 2);
    const text = (s: string) => Buffer.from(s);
    const frames: [string, Buffer][] = [
      ['unmasked text', frame(0x1, text('{}'), { mask: false })],
      ['reserved bit 1', frame(0x1, text('{}'), { rsv: 4 })],
      ['reserved bits 2+3', frame(0x1, text('{}'), { rsv: 3 })],
      ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op): [string, Buffer] => [
        `reserved opcode ${op}`,
        frame(op, text('x')),
      ]),
      ['continuation first', frame(0x0, text('x'))],
      ['ping over 125 bytes', frame(0x9, Buffer.alloc(200, 1))],
      ['fragmented ping', frame(0x9, text('x'), { fin: false })],
      ['invalid UTF-8 text', frame(0x1, Buffer.from([0xff, 0xfe, 0xfd]))],
      ['overlong UTF-8', frame(0x1, Buffer.from([0xc0, 0xaf]))],
      ['binary frame', frame(0x2, text('{"id":1}'))],
      ['length over the limit', frame(0x1, Buffer.alloc(0), { announce: 2n ** 40n })],
      ['length over 2^53', frame(0x1, Buffer.alloc(0), { announce: 2n ** 63n })],
      ['close with code 999', frame(0x8, Buffer.from([0x03, 0xe7]))],
      ['close with code 1005', frame(0x8, Buffer.from([0x03, 0xed]))],
      ['close with code 5000', frame(0x8, Buffer.from([0x13, 0x88]))],
      ['close with one byte', frame(0x8, Buffer.from([0x03]))],
      ['close with a bad reason', frame(0x8, Buffer.from([0x03, 0xe8, 0xff, 0xfe]))],
      [
        'text then text without continuation',
        Buffer.concat([frame(0x1, text('{'), { fin: false }), frame(0x1, text('}'))]),
      ],
    ];
    while (frames.length < 40) frames.push([`random bytes ${frames.length}`, rng.bytes(rng.int(2, 300))]);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const target = `/api?token=${server.token}`;
    await pool(frames, 6, async ([name, bytes]) => {
      const answer = await exchangeFrames(server.port, target, server.origin, bytes, HANG_MS);
      const key = answer.kind === 'close' ? `close ${answer.code}` : answer.kind;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      if (answer.kind === 'hung') failures.push(`${name}: no answer in ${HANG_MS} ms`);
      else if (answer.kind === 'dropped') failures.push(`${name}: dropped without a close frame (1006)`);
      else if (answer.kind === 'refused') failures.push(`${name}: handshake refused (${answer.status})`);
      else if (answer.kind === 'close' && (answer.code === null || answer.code < 1000))
        failures.push(`${name}: close without a code`);
    });
    console.info(`WebSocket answers: ${[...codes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    expect(failures).toEqual([]);
    await stillServes();
  });

  it('answers 80 malformed API messages with coded errors, on one connection that stays open', async () => {
    const rng = createRng(FUZZ_SEED + 3);
    const messages = apiMessages(rng);
    expect(messages.length).toBeGreaterThanOrEqual(80);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      origin: server.origin,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const slowest: [number, string][] = [];
    for (const [name, message] of messages) {
      const started = performance.now();
      const reply = new Promise<string | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), HANG_MS);
        ws.once('message', (data) => {
          clearTimeout(timer);
          resolve(String(data));
        });
      });
      ws.send(message);
      const text = await reply;
      slowest.push([performance.now() - started, name]);
      if (text === null) {
        failures.push(`${name}: no answer in ${HANG_MS} ms`);
        continue;
      }
      const answer = JSON.parse(text) as {
        result?: { ok: boolean; error?: { code: unknown; message: string } };
      };
      const key = answer.result?.ok === true ? 'ok' : String(answer.result?.error?.code);
      codes.set(key, (codes.get(key) ?? 0) + 1);
      if (answer.result?.ok === false) {
        const bad = badCode(answer.result.error?.code);
        if (bad !== null) failures.push(`${name}: ${bad}: ${answer.result.error?.message.slice(0, 200)}`);
      }
    }
    console.info(`API answers: ${[...codes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    const top = slowest.sort((a, b) => b[0] - a[0]).slice(0, 3);
    console.info(`slowest: ${top.map(([ms, name]) => `${name} (${Math.round(ms)} ms)`).join(', ')}`);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    expect(failures).toEqual([]);
    await stillServes();
    expect(output).not.toMatch(/\n\s+at |node:internal|Uncaught|TypeError|RangeError/);
  });
});

/** Malformed requests of the WebSocket API: broken envelopes, hostile names and inputs, malformed projects. */
function apiMessages(rng: Rng): [string, string][] {
  const envelope = (id: unknown, ns: unknown, method: unknown, input: unknown) =>
    JSON.stringify({ id, ns, method, input });
  const messages: [string, string][] = [
    ['not JSON', 'not json'],
    ['empty', ''],
    ['a number', '42'],
    ['null', 'null'],
    ['an array', '[1,2,3]'],
    ['truncated', '{"id":1,"ns":"app"'],
    ['no method', JSON.stringify({ id: 2, ns: 'app', input: {} })],
    ['negative id', envelope(-1, 'app', 'info', {})],
    ['fractional id', envelope(1.5, 'app', 'info', {})],
    ['huge id', envelope(2 ** 60, 'app', 'info', {})],
    ['string id', envelope('7', 'app', 'info', {})],
    ['extra envelope key', JSON.stringify({ id: 3, ns: 'app', method: 'info', input: {}, extra: 1 })],
    ['unknown namespace', envelope(4, 'nope', 'info', {})],
    ['__proto__ namespace', envelope(5, '__proto__', 'toString', {})],
    ['constructor method', envelope(6, 'app', 'constructor', {})],
    ['hasOwnProperty method', envelope(7, 'project', 'hasOwnProperty', {})],
    ['long names', envelope(8, 'a'.repeat(100), 'b'.repeat(100), {})],
    ['deep input', `{"id":9,"ns":"project","method":"open","input":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    [
      'wide input',
      `{"id":10,"ns":"project","method":"open","input":{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}}`,
    ],
    ['open: traversal', envelope(11, 'project', 'open', { path: '../../../../etc/passwd' })],
    ['open: absolute', envelope(12, 'project', 'open', { path: '/etc/passwd' })],
    ['open: NUL', envelope(13, 'project', 'open', { path: 'a\u0000b.stride.json' })],
    ['open: no dialog', envelope(14, 'project', 'open', {})],
    ['open: number path', envelope(15, 'project', 'open', { path: 42 })],
    ['open: long path', envelope(16, 'project', 'open', { path: 'p'.repeat(5000) })],
    ['save: no project', envelope(17, 'project', 'save', { path: 'x' })],
    ['save: traversal', envelope(18, 'project', 'save', { path: '../escape', project: {} })],
    [
      'autosave: bad session',
      envelope(19, 'project', 'autosave', { sessionId: '../x', path: null, project: {} }),
    ],
    ['recover: unknown', envelope(20, 'project', 'recover', { sessionId: 'nope' })],
    ['training.start: empty', envelope(21, 'training', 'start', {})],
    ['training.stop: unknown run', envelope(22, 'training', 'stop', { runId: 'nope' })],
    ['runs.get: traversal', envelope(23, 'runs', 'get', { runId: '../../etc' })],
    ['runs.delete: unknown', envelope(24, 'runs', 'delete', { runId: 'x' })],
    ['system.doctor: bad input', envelope(25, 'system', 'doctor', { probe: 'yes' })],
    [
      'files.saveText: no dialog',
      envelope(26, 'files', 'saveText', { suggestedName: 'a', text: 'b', filters: [] }),
    ],
    ['openText: not a string', envelope(27, 'project', 'openText', { name: 'a', text: 5 })],
  ];
  // Malformed projects (the project fuzz corpus) sent as uploads and as saves.
  let id = 100;
  // The heavy cases (a million keys, 25,000 nodes) are covered by test/main/web/hardening.test.ts.
  for (const f of malformedProjects(rng, 48, { heavy: false })) {
    const text = f.bytes.toString('utf8');
    if (rng.chance(0.5)) {
      messages.push([
        `openText ${f.name}`,
        envelope(id++, 'project', 'openText', { name: 'up.stride.json', text }),
      ]);
    } else {
      messages.push([
        `save ${f.name}`,
        `{"id":${id++},"ns":"project","method":"save","input":{"path":"fz","project":${text || 'null'}}}`,
      ]);
    }
  }
  return messages;
}
