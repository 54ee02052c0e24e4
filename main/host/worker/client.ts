import { StrideFailure } from '../../../shared/api/errors';
import {
  HostToWorkerSchema,
  WorkerErrorCode,
  WorkerResultSchemas,
  WorkerToHostSchema,
  type ControlAction,
  type WorkerCommandInputOf,
  type WorkerCommandKind,
  type WorkerEvent,
  type WorkerResultOf,
} from '../../../shared/api/worker';
import { describeExit, WorkerFailure } from './failure';
import { forkSpawner } from './fork-spawner';
import { OutputTail } from './output-tail';
import { resolveWorkerEntry } from './paths';
import type { WorkerProcess, WorkerSpawner } from './spawner';

export interface WorkerClientOptions {
  readonly spawner?: WorkerSpawner;
  readonly entry?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly execArgv?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Every log line of the worker (its `log` messages), e.g. to append to a run's log file. */
  readonly onLog?: (line: { level: string; message: string; id?: string }) => void;
}

/** One running command: its id (for control), its events, and its one result. */
export interface WorkerJob<K extends WorkerCommandKind> {
  readonly id: string;
  readonly result: Promise<WorkerResultOf<K>>;
  control(action: ControlAction): void;
}

interface Pending {
  readonly kind: WorkerCommandKind;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onEvent: ((event: WorkerEvent) => void) | undefined;
}

let counter = 0;
const newId = (): string => `job-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * The host's handle on one training worker process. Every message is validated with the shared protocol
 * schemas in both directions; when the process dies (crash, kill -9, out of memory) every pending job is
 * rejected with a coded WorkerFailure carrying the tail of the worker's output, and the host keeps running.
 */
export class WorkerClient {
  private readonly pending = new Map<string, Pending>();
  private readonly tail = new OutputTail();
  private readonly exitListeners: ((failure: WorkerFailure | null) => void)[] = [];
  private exit: { code: number | null; signal: string | null } | null = null;
  private shuttingDown = false;

  private constructor(
    private readonly process: WorkerProcess,
    readonly versions: Readonly<Record<string, string>>,
    private readonly options: WorkerClientOptions,
  ) {}

  static start(options: WorkerClientOptions = {}): Promise<WorkerClient> {
    const spawn = options.spawner ?? forkSpawner;
    const entry = options.entry ?? resolveWorkerEntry();
    const env = options.env ?? process.env;
    const child = spawn({ entry, env, execArgv: options.execArgv ?? [] });
    const early = new OutputTail();
    child.onOutput((text) => early.append(text));
    return new Promise<WorkerClient>((resolve, reject) => {
      let settled = false;
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new WorkerFailure(WorkerErrorCode.startFailed, message, early.lines()));
      };
      const timer = setTimeout(
        () => fail('The training worker did not start in time.'),
        options.readyTimeoutMs ?? 30_000,
      );
      child.onExit((code, signal) =>
        fail(`The training worker exited while starting (${signal ?? `code ${code ?? '?'}`}).`),
      );
      child.onMessage((raw) => {
        if (settled) return;
        const parsed = WorkerToHostSchema.safeParse(raw);
        if (!parsed.success || parsed.data.type !== 'ready')
          return fail('The training worker answered with an unknown protocol.');
        settled = true;
        clearTimeout(timer);
        const client = new WorkerClient(child, parsed.data.versions, options);
        client.tail.append(early.lines(200) + (early.lines(1).length > 0 ? '\n' : ''));
        client.attach();
        resolve(client);
      });
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** The last lines the worker wrote: what a crashed run keeps as its log. */
  log(lines = 60): string {
    return this.tail.lines(lines);
  }

  /** Called once when the process ends; `failure` is null after a requested shutdown. */
  onExit(listener: (failure: WorkerFailure | null) => void): void {
    this.exitListeners.push(listener);
  }

  start<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): WorkerJob<K> {
    const id = options.id ?? newId();
    const result = new Promise<WorkerResultOf<K>>((resolve, reject) => {
      if (this.exit !== null) return reject(this.exitFailure());
      const message = HostToWorkerSchema.safeParse({ type: 'request', id, command });
      if (!message.success)
        return reject(
          new StrideFailure(
            WorkerErrorCode.protocol,
            `Invalid worker command: ${message.error.issues[0]?.message ?? ''}`,
          ),
        );
      if (this.pending.has(id))
        return reject(new StrideFailure(WorkerErrorCode.protocol, `Job id ${id} is already running.`));
      this.pending.set(id, {
        kind: command.kind,
        resolve: resolve as (value: unknown) => void,
        reject,
        onEvent: options.onEvent,
      });
      this.process.send(message.data);
    });
    return { id, result, control: (action) => this.control(id, action) };
  }

  run<K extends WorkerCommandKind>(
    command: WorkerCommandInputOf<K>,
    options: { id?: string; onEvent?: (event: WorkerEvent) => void } = {},
  ): Promise<WorkerResultOf<K>> {
    return this.start(command, options).result;
  }

  control(id: string, action: ControlAction): void {
    if (this.exit === null && this.pending.has(id)) this.process.send({ type: 'control', id, action });
  }

  /** Asks the worker to exit; kills it when it does not within `timeoutMs`. */
  async shutdown(timeoutMs = 3000): Promise<void> {
    if (this.exit !== null) return;
    this.shuttingDown = true;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.process.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.shuttingDown = true;
    this.process.kill('SIGKILL');
  }

  private attach(): void {
    this.process.onOutput((text) => this.tail.append(text));
    this.process.onMessage((raw) => this.receive(raw));
    this.process.onExit((code, signal) => {
      this.exit = { code, signal };
      const failure = this.shuttingDown && this.pending.size === 0 ? null : this.exitFailure();
      for (const p of this.pending.values()) p.reject(failure ?? this.exitFailure());
      this.pending.clear();
      for (const l of this.exitListeners) l(failure);
    });
  }

  private exitFailure(): WorkerFailure {
    const { code, signal } = this.exit ?? { code: null, signal: null };
    const log = this.tail.lines();
    if (this.shuttingDown)
      return new WorkerFailure(
        WorkerErrorCode.stopped,
        'The training worker was shut down.',
        log,
        code,
        signal,
      );
    const described = describeExit(code, signal, log);
    return new WorkerFailure(described.code, described.message, log, code, signal);
  }

  private receive(raw: unknown): void {
    const parsed = WorkerToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.tail.append(`[host] invalid message from the worker: ${parsed.error.issues[0]?.message ?? ''}\n`);
      const id = (raw as { id?: unknown } | null)?.id;
      const pending = typeof id === 'string' ? this.pending.get(id) : undefined;
      if (pending !== undefined && typeof id === 'string') {
        this.pending.delete(id);
        pending.reject(
          new StrideFailure(WorkerErrorCode.protocol, 'The training worker sent an invalid message.'),
        );
      }
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        return;
      case 'log':
        this.tail.append(`[${msg.level}] ${msg.message}\n`);
        this.options.onLog?.({ level: msg.level, message: msg.message, ...(msg.id ? { id: msg.id } : {}) });
        return;
      case 'event':
        this.pending.get(msg.id)?.onEvent?.(msg.event);
        return;
      case 'failure': {
        const pending = this.pending.get(msg.id);
        if (pending === undefined) return;
        this.pending.delete(msg.id);
        pending.reject(new StrideFailure(msg.error.code, msg.error.message, msg.error.nodeId));
        return;
      }
      case 'result': {
        const pending = this.pending.get(msg.id);
        if (pending === undefined) return;
        this.pending.delete(msg.id);
        const checked = WorkerResultSchemas[pending.kind].safeParse(msg.value);
        if (checked.success) pending.resolve(checked.data);
        else
          pending.reject(
            new StrideFailure(
              WorkerErrorCode.protocol,
              `The training worker answered ${pending.kind} with an invalid value: ${checked.error.issues[0]?.message ?? ''}`,
            ),
          );
        return;
      }
    }
  }
}
