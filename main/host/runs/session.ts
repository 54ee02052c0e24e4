import { StrideFailure } from '../../../shared/api/errors';
import type { RunProject, RunRecord } from '../../../shared/api/runs';
import {
  TrainingErrorCode,
  type EndEvent,
  type TrainingConfig,
  type TrainingEvent,
} from '../../../shared/api/training';
import type { ControlAction } from '../../../shared/api/worker';
import type { GraphDoc } from '../../../shared/graph/schema';
import type { WorkerJob } from '../worker/client';
import { WorkerFailure } from '../worker/failure';
import type { WorkerHost } from '../worker/host';
import { initialRecord, newRunId, withStart } from './record';
import { RUN_FILES, type RunStore } from './store';

export interface RunSessionOptions {
  readonly store: RunStore;
  readonly workers: WorkerHost;
  readonly graph: GraphDoc;
  readonly config: TrainingConfig;
  /** The folder config.initialWeights resolves to (checked by the host before the run starts). */
  readonly initialWeightsDir?: string;
  readonly name?: string;
  /** The project the run came from (recorded in run.json; null for a preset or a bare GraphDoc). */
  readonly project?: RunProject;
  readonly now?: () => Date;
  /** Every event of the run, in order, once it is in metrics.jsonl (the CLI prints them; the host coalesces). */
  readonly onEvent?: (runId: string, event: TrainingEvent) => void;
}

/**
 * One run seen from the host: creates its folder, starts the `train` job in the worker, records every event
 * (metrics.jsonl as it arrives, run.json at start, each epoch and the end) and turns every way a run can end
 * into a final status — completed, stopped, or failed with the code, message and, for a dead worker, its log.
 *
 * `started` settles when the run really begins (the worker's `start` event) or fails before that: such a
 * refusal (analysis error, dataset mismatch, memory estimate, no backend) rejects `started` with its coded
 * error and removes the folder, since nothing ran. `done` resolves with the final record and never rejects.
 */
export class RunSession {
  readonly runId: string;
  readonly started: Promise<void>;
  readonly done: Promise<RunRecord>;
  private record: RunRecord;
  private job: WorkerJob<'train'> | null = null;
  private pendingControl: ControlAction | null = null;
  private hasStarted = false;
  private finished = false;
  private readonly now: () => Date;

  private constructor(private readonly options: RunSessionOptions) {
    this.now = options.now ?? (() => new Date());
    this.runId = newRunId(this.now());
    this.record = initialRecord({
      runId: this.runId,
      name: options.name ?? options.graph.name,
      graph: options.graph,
      config: options.config,
      project: options.project ?? null,
      now: this.now(),
    });
    let resolveStarted: () => void = () => undefined;
    let rejectStarted: (error: Error) => void = () => undefined;
    this.started = new Promise<void>((resolve, reject) => {
      resolveStarted = resolve;
      rejectStarted = reject;
    });
    // A caller that only awaits `done` must not see an unhandled rejection.
    this.started.catch(() => undefined);
    this.done = this.run(resolveStarted, rejectStarted);
  }

  static start(options: RunSessionOptions): RunSession {
    return new RunSession(options);
  }

  get status(): RunRecord['status'] {
    return this.record.status;
  }

  get dir(): string {
    return this.options.store.dir(this.runId);
  }

  /** Sends the action to the worker; resolves once a pause or resume is recorded in run.json. */
  control(action: ControlAction): Promise<void> {
    if (this.finished) return Promise.resolve();
    if (this.job === null) this.pendingControl = action === 'resume' ? null : action;
    else this.job.control(action);
    if (action === 'stop' || !this.hasStarted) return Promise.resolve();
    return this.save({ status: action === 'pause' ? 'paused' : 'running' });
  }

  /** Updates the record and queues its write (writes are serialised per run by the store). */
  private save(patch: Partial<RunRecord>): Promise<void> {
    this.record = { ...this.record, ...patch, updatedAt: this.now().toISOString() };
    return this.options.store.write(this.record).catch(() => undefined);
  }

  private emit(event: TrainingEvent): void {
    try {
      this.options.store.appendEvent(this.runId, event);
    } catch {
      // A full disk must not stop the run: the event still reaches the UI.
    }
    this.options.onEvent?.(this.runId, event);
  }

  private onEvent(event: TrainingEvent, resolveStarted: () => void): void {
    if (this.finished) return;
    if (event.type === 'start') {
      this.hasStarted = true;
      this.record = withStart(this.record, event, this.now());
      void this.save({});
      this.emit(event);
      resolveStarted();
      return;
    }
    if (event.type === 'batch' && this.record.timings.firstBatchAt === null)
      void this.save({ timings: { ...this.record.timings, firstBatchAt: this.now().toISOString() } });
    if (event.type === 'epoch') {
      const best = this.record.result.bestValAccuracy;
      const val = event.valAccuracy;
      void this.save({
        progress: { ...this.record.progress, epochsDone: event.epoch },
        result: {
          ...this.record.result,
          bestValAccuracy: val !== null && (best === null || val > best) ? val : best,
        },
      });
    }
    this.emit(event);
  }

  private async run(resolveStarted: () => void, rejectStarted: (error: Error) => void): Promise<RunRecord> {
    const { store, workers, graph, config } = this.options;
    const started = Date.now();
    try {
      await store.create(this.record);
      this.job = await workers.start(
        {
          kind: 'train',
          runId: this.runId,
          graph,
          config,
          outDir: this.dir,
          ...(this.options.initialWeightsDir === undefined
            ? {}
            : { initialWeightsDir: this.options.initialWeightsDir }),
        },
        { id: this.runId, onEvent: (event) => this.onEvent(event, resolveStarted) },
      );
      if (this.pendingControl !== null) this.job.control(this.pendingControl);
      const end = await this.job.result;
      await this.finish(end, started);
    } catch (error) {
      const failure =
        error instanceof StrideFailure
          ? error
          : new StrideFailure(
              TrainingErrorCode.failed,
              error instanceof Error ? error.message : String(error),
            );
      if (!this.hasStarted) {
        this.finished = true;
        this.record = { ...this.record, status: 'failed', error: failure.toError() };
        await store.remove(this.runId).catch(() => undefined);
        rejectStarted(failure);
        return this.record;
      }
      await this.fail(failure, started);
    }
    return this.record;
  }

  /** run.json is final before the end event goes out: a UI that reacts to `end` reads the finished run. */
  private async finish(end: EndEvent, startedMs: number): Promise<void> {
    this.finished = true;
    await this.save({
      status: end.stopped ? 'stopped' : 'completed',
      owner: null,
      progress: { ...this.record.progress, epochsDone: end.epochs ?? this.record.progress.epochsDone },
      timings: {
        ...this.record.timings,
        endedAt: this.now().toISOString(),
        seconds: (Date.now() - startedMs) / 1000,
        imagesPerSecond: end.imagesPerSecond,
      },
      result: {
        ...this.record.result,
        testAccuracy: end.testAccuracy,
        testLoss: end.testLoss,
        bestEpoch: end.bestEpoch ?? null,
        stopped: end.stopped,
        earlyStopped: end.earlyStopped ?? false,
        modelDir: end.modelDir,
      },
    });
    this.emit({ ...end, runId: this.runId });
  }

  private async fail(failure: StrideFailure, startedMs: number): Promise<void> {
    const error = failure.toError();
    this.finished = true;
    if (failure instanceof WorkerFailure && failure.log.length > 0)
      await this.options.store
        .writeText(this.runId, RUN_FILES.errorLog, `${failure.log}\n`)
        .catch(() => undefined);
    await this.save({
      status: 'failed',
      owner: null,
      error: { code: error.code, message: error.message, nodeId: error.nodeId },
      timings: {
        ...this.record.timings,
        endedAt: this.now().toISOString(),
        seconds: (Date.now() - startedMs) / 1000,
      },
    });
    this.emit({ type: 'error', code: error.code, message: error.message, nodeId: error.nodeId });
  }
}
