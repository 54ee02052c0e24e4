import { appendFileSync, existsSync, promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { StrideFailure } from '../../../shared/api/errors';
import type { RunSummary } from '../../../shared/api/ns/training';
import { RunIdSchema, RunRecordSchema, type RunDetail, type RunRecord } from '../../../shared/api/runs';
import { TrainingErrorCode, type TrainingEvent } from '../../../shared/api/training';
import { writeFileAtomic } from '../atomic';
import { readMetrics } from './metrics';
import { summarize } from './record';

export const RUN_FILES = {
  record: 'run.json',
  metrics: 'metrics.jsonl',
  evaluation: 'evaluation.json',
  filters: 'filters.json',
  filtersInitial: 'filters-initial.json',
  errorLog: 'error.log',
  model: 'model',
} as const;

const ACTIVE = new Set(['queued', 'running', 'paused']);

/** Is the process that owns a running run still there? (Only answerable for runs of this machine.) */
export type OwnerCheck = (owner: RunRecord['owner']) => boolean;
export const ownerAlive: OwnerCheck = (owner) => {
  if (owner === null || owner.hostname !== hostname()) return owner !== null;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The runs folder (<dataDir>/runs or `stride train --out`): one folder per run. run.json is rewritten
 * atomically and one write at a time per run; metrics.jsonl is appended synchronously per event, so whatever
 * was received before a crash is on disk.
 */
export class RunStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  dir(runId: string): string {
    if (!RunIdSchema.safeParse(runId).success)
      throw new StrideFailure(TrainingErrorCode.runNotFound, `No run ${runId}.`);
    return join(this.root, runId);
  }

  async create(record: RunRecord): Promise<void> {
    await fs.mkdir(this.dir(record.runId), { recursive: true });
    await this.write(record);
  }

  /** Atomic rewrite of run.json, serialised per run (the last write wins in call order). */
  write(record: RunRecord): Promise<void> {
    const path = join(this.dir(record.runId), RUN_FILES.record);
    const previous = this.queues.get(record.runId) ?? Promise.resolve();
    const next = previous.then(() => writeFileAtomic(path, `${JSON.stringify(record, null, 1)}\n`));
    const settled = next.catch(() => undefined);
    this.queues.set(record.runId, settled);
    void settled.then(() => {
      if (this.queues.get(record.runId) === settled) this.queues.delete(record.runId);
    });
    return next;
  }

  appendEvent(runId: string, event: TrainingEvent): void {
    appendFileSync(join(this.dir(runId), RUN_FILES.metrics), `${JSON.stringify(event)}\n`);
  }

  async writeText(runId: string, file: string, text: string): Promise<void> {
    await writeFileAtomic(join(this.dir(runId), file), text);
  }

  async read(runId: string): Promise<RunRecord> {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(join(this.dir(runId), RUN_FILES.record), 'utf8'));
    } catch {
      throw new StrideFailure(TrainingErrorCode.runNotFound, `No run ${runId}.`);
    }
    const parsed = RunRecordSchema.safeParse(raw);
    if (!parsed.success)
      throw new StrideFailure(TrainingErrorCode.runNotFound, `The run ${runId} has an unreadable run.json.`);
    return parsed.data;
  }

  async list(): Promise<RunSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.root);
    } catch {
      return [];
    }
    const records = await Promise.all(
      names.filter((n) => RunIdSchema.safeParse(n).success).map((n) => this.read(n).catch(() => null)),
    );
    return records
      .filter((r): r is RunRecord => r !== null)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId))
      .map(summarize);
  }

  async detail(runId: string): Promise<RunDetail> {
    const record = await this.read(runId);
    const dir = this.dir(runId);
    const log = await fs.readFile(join(dir, RUN_FILES.errorLog), 'utf8').catch(() => null);
    return {
      ...record,
      log,
      hasModel: existsSync(join(dir, RUN_FILES.model, 'model.json')),
      hasEvaluation: existsSync(join(dir, RUN_FILES.evaluation)),
    };
  }

  metrics(runId: string, maxBatchPoints: number) {
    return readMetrics(join(this.dir(runId), RUN_FILES.metrics), maxBatchPoints);
  }

  /** A JSON artefact of the run, validated; `missing` is thrown when it is absent or unreadable. */
  async artefact<S extends z.ZodType>(
    runId: string,
    file: string,
    schema: S,
    missing: StrideFailure,
  ): Promise<z.output<S>> {
    await this.read(runId);
    try {
      const parsed = schema.safeParse(JSON.parse(await fs.readFile(join(this.dir(runId), file), 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // absent or not JSON: reported as `missing`
    }
    throw missing;
  }

  async remove(runId: string): Promise<void> {
    await fs.rm(this.dir(runId), { recursive: true, force: true });
  }

  /**
   * Runs left queued/running/paused by a process that is gone (the app or the CLI crashed, the machine lost
   * power) become `failed`, keeping their metrics. Returns the ids marked.
   */
  async recoverInterrupted(isAlive: OwnerCheck = ownerAlive, now = new Date()): Promise<string[]> {
    const marked: string[] = [];
    for (const summary of await this.list()) {
      if (!ACTIVE.has(summary.status)) continue;
      const record = await this.read(summary.runId).catch(() => null);
      if (record === null || isAlive(record.owner)) continue;
      await this.write({
        ...record,
        status: 'failed',
        updatedAt: now.toISOString(),
        error: {
          code: TrainingErrorCode.interrupted,
          message:
            'The run was interrupted: the program training it ended (crash, forced quit or power loss). Its metrics up to then are kept.',
          nodeId: null,
        },
        owner: null,
      });
      marked.push(record.runId);
    }
    return marked;
  }
}
