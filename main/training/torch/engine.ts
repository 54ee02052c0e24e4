import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { z } from 'zod';
import { StrideFailure } from '../../../shared/api/errors';
import { TorchErrorCode } from '../../../shared/api/training';
import type { TorchEngineSpec } from '../backends/types';
import { TorchFactsSchema } from './facts';

/**
 * The worker's side of the engine process (engine/stride_torch_engine.py): starts it — `python3 engine.py`,
 * one process per GPU with torchrun's environment when a run uses several (rankEnvironments) — and speaks
 * rank 0's line protocol. Messages to the engine are JSON lines, a binary payload following a line that announces its
 * `bytes`; messages from it are JSON lines on stdout, checked here; its stderr is the run's log (the last
 * 64 KiB kept for error.log). When the process ends unexpectedly every waiter gets TORCH_ENGINE_CRASHED with
 * that log, and when the worker ends the engine sees its stdin close and exits.
 */
const LOG_TAIL = 64 * 1024;

export const EngineMessageSchema = z.discriminatedUnion('t', [
  TorchFactsSchema.extend({ world: z.number().int().optional(), distributedBackend: z.string().optional() }),
  z.object({
    t: z.literal('ready'),
    params: z.number().int(),
    device: z.string(),
    world: z.number().int(),
    resident: z.record(z.string(), z.boolean()),
  }),
  z.object({
    t: z.literal('batch'),
    epoch: z.number().int(),
    batch: z.number().int(),
    loss: z.number(),
    accuracy: z.number(),
    count: z.number().int(),
    ms: z.number(),
  }),
  z.object({ t: z.literal('paused') }),
  z.object({ t: z.literal('resumed'), pausedSeconds: z.number() }),
  z.object({
    t: z.literal('epochEnd'),
    epoch: z.number().int(),
    stopped: z.boolean(),
    seen: z.number().int(),
    trainSeconds: z.number(),
    pausedSeconds: z.number(),
  }),
  z.object({
    t: z.literal('evaluated'),
    split: z.string(),
    loss: z.number().nullable(),
    accuracy: z.number().nullable(),
    count: z.number().int(),
  }),
  z.object({
    t: z.literal('finished'),
    test: z
      .object({ loss: z.number().nullable(), accuracy: z.number().nullable(), count: z.number().int() })
      .nullable(),
  }),
  z.object({ t: z.literal('error'), code: z.string(), message: z.string() }),
  /** The data-path benchmark (bench_feed): one credit per streamed batch, then the total. */
  z.object({ t: z.literal('fed'), batch: z.number().int() }),
  z.object({
    t: z.literal('benchFed'),
    images: z.number().int(),
    seconds: z.number(),
    cpuSeconds: z.number(),
    checksum: z.number(),
  }),
]);
export type EngineMessage = z.infer<typeof EngineMessageSchema>;
export type EngineMessageOf<T extends EngineMessage['t']> = Extract<EngineMessage, { t: T }>;

export interface EngineLaunch {
  readonly spec: Pick<TorchEngineSpec, 'python' | 'script'>;
  /** Processes on this machine (>1: DistributedDataParallel, one per GPU or, on the CPU, gloo). */
  readonly processes: number;
  /**
   * The folder the data and weight files are in (STRIDE_ENGINE_DATA_DIR), when known at launch; a spare engine
   * (started by the probe) learns it from `init`.
   */
  readonly dataDir?: string;
  /** Extra environment (threads). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The environment of each process of a run: torchrun's contract (WORLD_SIZE, RANK, LOCAL_RANK,
 * LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), so the engine runs the same under `torchrun`. The worker starts
 * the processes itself rather than through torchrun: it wires rank 0's stdin and stdout to the protocol and
 * every other rank's output to the log, and torchrun 1.13 cannot start on Python 3.11 (its `--redirects`
 * default parses to None: Debian's python3-torch). One machine: several machines train through the exported
 * script under torchrun's rendezvous (docs/training-backends.md).
 */
export function rankEnvironments(processes: number, port: number): Record<string, string>[] {
  if (processes <= 1) return [{}];
  return Array.from({ length: processes }, (_, local) => ({
    WORLD_SIZE: String(processes),
    RANK: String(local),
    LOCAL_RANK: String(local),
    LOCAL_WORLD_SIZE: String(processes),
    MASTER_ADDR: '127.0.0.1',
    MASTER_PORT: String(port),
  }));
}

/** A free TCP port on the loopback interface (the rendezvous of the processes on this machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class TorchEngine {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly inbox: EngineMessage[] = [];
  private waiting: { resolve: (m: EngineMessage) => void; reject: (e: Error) => void } | null = null;
  private buffer = '';
  private log = '';
  private ended: StrideFailure | null = null;
  private quitting = false;
  private logListener: ((line: string) => void) | null = null;
  /** Resolves when the process has exited (code or signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private readonly peers: ChildProcess[] = [];

  private constructor(launch: EngineLaunch, ranks: readonly Record<string, string>[]) {
    const env = (rank: Record<string, string>) => ({
      ...process.env,
      ...launch.env,
      ...rank,
      PYTHONUNBUFFERED: '1',
      ...(launch.dataDir === undefined ? {} : { STRIDE_ENGINE_DATA_DIR: launch.dataDir }),
    });
    const args = ['-u', launch.spec.script];
    this.child = spawn(launch.spec.python, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: env(ranks[0] ?? {}),
      windowsHide: true,
    });
    // The other ranks get everything from rank 0 through torch.distributed; their output is log.
    for (const rank of ranks.slice(1)) {
      const peer = spawn(launch.spec.python, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: env(rank),
        windowsHide: true,
      });
      const prefix = `[rank ${rank.RANK ?? '?'}] `;
      const keep = (chunk: Buffer) => {
        this.log = (this.log + chunk.toString('utf8').replace(/^(?=.)/gm, prefix)).slice(-LOG_TAIL);
      };
      peer.stdout?.on('data', keep);
      peer.stderr?.on('data', keep);
      peer.on('error', (error) =>
        this.fail(
          new StrideFailure(
            TorchErrorCode.crashed,
            `rank ${rank.RANK ?? '?'} of the PyTorch engine could not start: ${error.message}`,
          ),
        ),
      );
      peer.on('close', (code, signal) => {
        if (code === 0) return;
        this.fail(
          new StrideFailure(
            TorchErrorCode.crashed,
            `Rank ${rank.RANK ?? '?'} of the PyTorch engine ended ${signal !== null ? `by ${signal}` : `with exit code ${code}`} during the run.${this.lastLogLine()}`,
          ),
        );
        this.kill();
      });
      this.peers.push(peer);
    }
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    let partial = '';
    this.child.stderr.on('data', (chunk: string) => {
      this.log = (this.log + chunk).slice(-LOG_TAIL);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.logListener?.(line);
    });
    // A write after the engine died is reported through `exited`, not as an unhandled stream error.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.fail(
          new StrideFailure(TorchErrorCode.crashed, `The PyTorch engine could not start: ${error.message}`),
        );
        resolve({ code: null, signal: null });
      });
      this.child.on('close', (code, signal) => {
        this.fail(
          new StrideFailure(
            TorchErrorCode.crashed,
            `The PyTorch engine (pid ${this.child.pid ?? '?'}) ended ${signal !== null ? `by ${signal}${signal === 'SIGKILL' ? ' (by the system when memory ran out, or by hand)' : ''}` : `with exit code ${code}`} during the run.${this.lastLogLine()}`,
          ),
        );
        resolve({ code, signal });
      });
    });
  }

  /** Starts the engine and waits for its hello (torch imported, devices listed, smoke-tested). */
  static async start(
    launch: EngineLaunch,
  ): Promise<{ engine: TorchEngine; hello: EngineMessageOf<'hello'> }> {
    const { engine, hello } = await TorchEngine.hello(launch);
    if (hello.torch === null) {
      engine.kill();
      throw new StrideFailure(
        TorchErrorCode.failed,
        `${launch.spec.python} could not import torch: ${hello.error ?? 'unknown error'}`,
      );
    }
    return { engine, hello };
  }

  /** Starts the engine and waits for its first message, whatever it says about torch. */
  static async hello(
    launch: EngineLaunch,
  ): Promise<{ engine: TorchEngine; hello: EngineMessageOf<'hello'> }> {
    const ranks = rankEnvironments(launch.processes, launch.processes > 1 ? await freePort() : 0);
    const engine = new TorchEngine(launch, ranks);
    try {
      return { engine, hello: await engine.expect('hello') };
    } catch (error) {
      engine.kill();
      throw error;
    }
  }

  /** Each line of the engine's stderr from now on. */
  onLog(listener: (line: string) => void): void {
    this.logListener = listener;
  }

  /** Still running and never sent anything after its hello: it can be handed a run. */
  get fresh(): boolean {
    return this.ended === null && this.inbox.length === 0 && !this.quitting;
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  /** The last 64 KiB of the engine's stderr. */
  get logTail(): string {
    return this.log;
  }

  private lastLogLine(): string {
    const lines = this.log
      .trim()
      .split('\n')
      .filter((l) => l.trim().length > 0);
    const last = lines.at(-1);
    return last === undefined ? '' : ` Its last words: ${last.slice(0, 500)}`;
  }

  send(message: Readonly<Record<string, unknown>>, payload?: Uint8Array): void {
    if (this.ended !== null) return;
    const line = JSON.stringify(payload === undefined ? message : { ...message, bytes: payload.byteLength });
    this.child.stdin.write(`${line}\n`);
    if (payload !== undefined && payload.byteLength > 0) this.child.stdin.write(payload);
  }

  /** Bytes queued in this process for the engine's stdin (the pipe is full). */
  get backlog(): number {
    return this.child.stdin.writableLength;
  }

  /** The next message; an `error` message, or the engine's death, rejects with its code. */
  next(): Promise<EngineMessage> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return this.settle(queued);
    if (this.ended !== null) return Promise.reject(this.ended);
    return new Promise<EngineMessage>((resolve, reject) => {
      this.waiting = { resolve, reject };
    }).then((m) => this.settle(m));
  }

  private settle(m: EngineMessage): Promise<EngineMessage> {
    if (m.t === 'error') return Promise.reject(new StrideFailure(m.code, m.message));
    return Promise.resolve(m);
  }

  /** The next message, which must be of type `t`. */
  async expect<T extends EngineMessage['t']>(t: T): Promise<EngineMessageOf<T>> {
    const m = await this.next();
    if (m.t !== t)
      throw new StrideFailure(
        TorchErrorCode.protocol,
        `The PyTorch engine sent ${m.t} where ${t} was expected.`,
      );
    return m as EngineMessageOf<T>;
  }

  /** Asks the engine to end, and kills it if it has not within `graceMs`. */
  async quit(graceMs = 10_000): Promise<void> {
    this.quitting = true;
    if (this.ended === null) this.send({ op: 'quit' });
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.quitting = true;
    for (const p of [this.child, ...this.peers])
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }

  private onStdout(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
      if (line.length === 0) continue;
      let parsed: ReturnType<typeof EngineMessageSchema.safeParse>;
      try {
        parsed = EngineMessageSchema.safeParse(JSON.parse(line));
      } catch {
        this.log = (this.log + `(unreadable line from the engine) ${line}\n`).slice(-LOG_TAIL);
        continue;
      }
      if (!parsed.success) {
        this.fail(
          new StrideFailure(
            TorchErrorCode.protocol,
            `The PyTorch engine sent a message Stride does not understand: ${line.slice(0, 300)}`,
          ),
        );
        this.kill();
        return;
      }
      this.deliver(parsed.data);
    }
  }

  private deliver(m: EngineMessage): void {
    const waiter = this.waiting;
    if (waiter !== null) {
      this.waiting = null;
      waiter.resolve(m);
    } else this.inbox.push(m);
  }

  private fail(failure: StrideFailure): void {
    if (this.ended !== null) return;
    this.ended = failure;
    const waiter = this.waiting;
    this.waiting = null;
    waiter?.reject(failure);
  }
}
