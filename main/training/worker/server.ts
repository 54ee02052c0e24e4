import { StrideFailure, type StrideError } from '../../../shared/api/errors';
import {
  HostToWorkerSchema,
  WORKER_PROTOCOL_VERSION,
  WorkerErrorCode,
  type WorkerCommand,
  type WorkerCommandKind,
} from '../../../shared/api/worker';
import type { ParentChannel } from './channel';
import { JobControl, type JobContext } from './job';

export type Handler<K extends WorkerCommandKind> = (
  command: Extract<WorkerCommand, { kind: K }>,
  ctx: JobContext,
) => Promise<unknown>;
export type Handlers = { readonly [K in WorkerCommandKind]: Handler<K> };

const OOM =
  /out of memory|Cannot enlarge memory|could not allocate memory|Array buffer allocation failed|OOM/i;

export function toStrideError(error: unknown): StrideError {
  if (error instanceof StrideFailure) return error.toError();
  const message = error instanceof Error ? error.message : String(error);
  const code = OOM.test(message) ? WorkerErrorCode.outOfMemory : WorkerErrorCode.jobFailed;
  return { code, severity: 'error', nodeId: null, message };
}

/**
 * The worker's message loop: validates every host message, runs one job at a time (tfjs has one global
 * engine and backend, so two jobs would fight over it), routes stop/pause/resume to the job they name, and
 * answers every request with exactly one `result` or `failure`.
 */
export function serveWorker(
  channel: ParentChannel,
  handlers: Handlers,
  versions: Record<string, string>,
): void {
  const controls = new Map<string, JobControl>();
  let queue: Promise<void> = Promise.resolve();

  const runJob = async (id: string, command: WorkerCommand): Promise<void> => {
    const control = controls.get(id) ?? new JobControl();
    const ctx: JobContext = {
      id,
      control,
      emit: (event) => void channel.send({ type: 'event', id, event }),
      log: (level, message) =>
        void channel.send({ type: 'log', level, message: message.slice(0, 64 * 1024), id }),
    };
    try {
      const handler = handlers[command.kind] as Handler<typeof command.kind>;
      const value = await handler(command as never, ctx);
      await channel.send({ type: 'result', id, ok: true, value: value ?? null });
    } catch (error) {
      await channel.send({ type: 'failure', id, error: toStrideError(error) });
    } finally {
      controls.delete(id);
    }
  };

  channel.onMessage((raw) => {
    const parsed = HostToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const message = `invalid message from the host: ${parsed.error.issues[0]?.message ?? 'unknown'}`;
      if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(id))
        void channel.send({
          type: 'failure',
          id,
          error: toStrideError(new StrideFailure(WorkerErrorCode.protocol, message)),
        });
      else void channel.send({ type: 'log', level: 'error', message });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'shutdown') {
      void channel
        .send({ type: 'log', level: 'info', message: 'worker shutting down' })
        .then(() => process.exit(0));
      return;
    }
    if (msg.type === 'control') {
      const control = controls.get(msg.id);
      if (control === undefined)
        void channel.send({
          type: 'log',
          level: 'warn',
          message: `no running job ${msg.id} to ${msg.action}`,
        });
      else control.apply(msg.action);
      return;
    }
    if (controls.has(msg.id)) {
      void channel.send({
        type: 'failure',
        id: msg.id,
        error: toStrideError(
          new StrideFailure(WorkerErrorCode.protocol, `job id ${msg.id} is already in use`),
        ),
      });
      return;
    }
    // Registered before it starts, so a stop sent while it waits in the queue is not lost.
    controls.set(msg.id, new JobControl());
    queue = queue.then(() => runJob(msg.id, msg.command));
  });
  channel.onDisconnect(() => process.exit(0));
  void channel.send({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION, pid: process.pid, versions });
}
