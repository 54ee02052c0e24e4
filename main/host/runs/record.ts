import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunSummary } from '../../../shared/api/ns/training';
import { RUN_FORMAT, RUN_FORMAT_VERSION, type RunProject, type RunRecord } from '../../../shared/api/runs';
import type { StartEvent, TrainingConfig } from '../../../shared/api/training';
import type { GraphDoc } from '../../../shared/graph/schema';

/** Pure helpers around run.json: ids, the graph hash, the first record, what a start event adds, summaries. */

/** `20261124-130501-k3f9`: sorts by time, unique enough, safe as a folder name and a RunIdSchema value. */
export function newRunId(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** JSON with sorted keys, so the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * What the network is, not how it is drawn: node ids, kinds, params and bodies, and the wiring. Moving or
 * renaming a node keeps the hash; changing a kernel size changes it.
 */
export function graphHash(graph: GraphDoc): string {
  const strip = (nodes: readonly GraphDoc['nodes'][number][]): unknown =>
    nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      params: n.params,
      body: n.body === undefined ? null : { nodes: strip(n.body.nodes), edges: edgesOf(n.body.edges) },
    }));
  const edgesOf = (edges: readonly { source: string; target: string; targetPort: number }[]) =>
    edges.map((e) => [e.source, e.target, e.targetPort]);
  return createHash('sha256')
    .update(canonical({ nodes: strip(graph.nodes), edges: edgesOf(graph.edges) }))
    .digest('hex');
}

export function initialRecord(input: {
  runId: string;
  name: string;
  graph: GraphDoc;
  config: TrainingConfig;
  project?: RunProject | null;
  now: Date;
}): RunRecord {
  const at = input.now.toISOString();
  return {
    format: RUN_FORMAT,
    version: RUN_FORMAT_VERSION,
    runId: input.runId,
    name: input.name,
    status: 'queued',
    createdAt: at,
    updatedAt: at,
    config: input.config,
    graph: input.graph,
    graphHash: graphHash(input.graph),
    project: input.project ?? null,
    params: null,
    backend: null,
    rung: null,
    device: null,
    skipped: [],
    selectedBecause: null,
    engine: null,
    kernels: [],
    sizes: null,
    classNames: [],
    inputShape: null,
    outputActivation: null,
    normalization: null,
    learningRate: null,
    memory: null,
    timings: { startedAt: null, firstBatchAt: null, endedAt: null, seconds: null, imagesPerSecond: null },
    progress: { epochsDone: 0, epochs: input.config.epochs },
    result: {
      testAccuracy: null,
      testLoss: null,
      bestValAccuracy: null,
      bestEpoch: null,
      stopped: false,
      earlyStopped: false,
      modelDir: null,
    },
    error: null,
    owner: { pid: process.pid, hostname: hostname() },
  };
}

export function withStart(record: RunRecord, event: StartEvent, now: Date): RunRecord {
  return {
    ...record,
    status: 'running',
    params: event.params ?? null,
    backend: event.backend,
    rung: event.rung ?? null,
    device: event.device,
    skipped: event.skipped,
    selectedBecause: event.selectedBecause ?? null,
    engine: event.engine === undefined ? null : engineFacts(event.engine),
    kernels: event.kernels ?? [],
    sizes: {
      train: event.trainSize,
      validation: event.validationSize,
      test: event.testSize,
      batchesPerEpoch: event.batchesPerEpoch,
    },
    classNames: event.classNames ?? [],
    inputShape: event.inputShape ?? null,
    outputActivation: event.outputActivation ?? null,
    normalization: event.normalization ?? null,
    learningRate: event.learningRate ?? null,
    memory: event.memory ?? null,
    timings: { ...record.timings, startedAt: now.toISOString() },
  };
}

/** The engine's facts as run.json keeps them (strings and numbers). */
function engineFacts(engine: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(engine)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

export function summarize(record: RunRecord): RunSummary {
  return {
    runId: record.runId,
    status: record.status,
    name: record.name,
    createdAt: record.createdAt,
    backend: record.backend,
    device: record.device,
    seconds: record.timings.seconds,
    bestValAccuracy: record.result.bestValAccuracy,
    testAccuracy: record.result.testAccuracy,
    params: record.params,
    config: record.config,
    graphName: record.graph.name,
    graphHash: record.graphHash,
    project: record.project,
    epochsDone: record.progress.epochsDone,
    error: record.error,
  };
}
