import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../../main/host/index';
import type { RunSummary } from '../../../../shared/api/ns/training';
import {
  EvaluationSchema,
  FeatureMapsSchema,
  FiltersSchema,
  RunDetailSchema,
  RunMetricsSchema,
  TestImagesSchema,
} from '../../../../shared/api/runs';
import { TrainingEventSchema, type TrainingEvent } from '../../../../shared/api/training';
import {
  call,
  expectCode,
  expectValue,
  makeHost,
  tempDirs,
  type EmittedEvent,
  type TempDirs,
} from '../helpers';
import { batchNormNet, tinyNet, trainConfig } from '../../training/train/graphs';
import { blockBomb } from '../../../fixtures/block-bomb';
import { forkSpawner } from '../../../../main/host/worker/fork-spawner';
import type { WorkerSpawner } from '../../../../main/host/worker/spawner';
import type { Clock } from '../../../../main/host/worker/coalesce';

/**
 * The training and runs namespaces through the real dispatcher and a real training worker process
 * (app/dist/worker, built by the test setup), as every transport calls them.
 */
let dirs: TempDirs;
let host: RunningHost;
let emitted: EmittedEvent[];

/** What the training worker logged (its `log` messages), seen through the spawner the host uses. */
const workerLog: string[] = [];
const logWaiters: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
const loggingSpawner: WorkerSpawner = (options) => {
  const child = forkSpawner(options);
  child.onMessage((raw) => {
    const message = (raw as { type?: unknown; message?: unknown } | null) ?? {};
    if (message.type !== 'log' || typeof message.message !== 'string') return;
    workerLog.push(message.message);
    for (const waiter of [...logWaiters]) {
      const match = waiter.pattern.exec(message.message);
      if (match === null) continue;
      logWaiters.splice(logWaiters.indexOf(waiter), 1);
      waiter.resolve(match);
    }
  });
  return child;
};

/** The next worker log line matching `pattern` (lines logged before the call do not count). */
const nextLog = (pattern: RegExp): Promise<RegExpExecArray> =>
  new Promise((resolve) => logWaiters.push({ pattern, resolve }));

beforeAll(() => {
  dirs = tempDirs();
  ({ host, emitted } = makeHost(dirs, { workerSpawner: loggingSpawner }));
});
afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

const eventsOf = (runId: string): TrainingEvent[] =>
  emitted
    .filter((e) => e.event === 'training' && (e.payload as { runId: string }).runId === runId)
    .map((e) => TrainingEventSchema.parse((e.payload as { event: unknown }).event));

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ended = (runId: string) => () => eventsOf(runId).some((e) => e.type === 'end' || e.type === 'error');
const batches = (runId: string) => eventsOf(runId).filter((e) => e.type === 'batch').length;

async function start(config = trainConfig(), graph = tinyNet(), extra: object = {}): Promise<string> {
  const { runId } = await expectValue<{ runId: string }>(
    call(host, 'training', 'start', { graph, config, ...extra }),
  );
  return runId;
}

const PROJECT = { path: '/home/me/nets/tiny.stride', name: 'Tiny net' };

describe('a run through the host service', () => {
  let runId: string;

  it('starts, streams start/batch/epoch/end on the training event and records the run', async () => {
    runId = await start(trainConfig({ limit: 256, epochs: 2 }), tinyNet(), { project: PROJECT });
    await until(ended(runId), 'the end event');
    const events = eventsOf(runId);
    expect(events[0]?.type).toBe('start');
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([
      1, 2,
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'end', stopped: false, runId });
    const list = await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}));
    expect(list.find((r) => r.runId === runId)).toMatchObject({
      status: 'completed',
      backend: 'wasm',
      epochsDone: 2,
      project: PROJECT,
    });
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId })));
    expect(detail).toMatchObject({
      hasModel: true,
      hasEvaluation: true,
      error: null,
      log: null,
      owner: null,
    });
    expect(detail.project).toEqual(PROJECT);
    expect(detail.sizes).toEqual({ train: 230, validation: 26, test: 2000, batchesPerEpoch: 8 });
    expect(detail.timings.firstBatchAt).not.toBeNull();
    const dir = join(dirs.dataDir, 'runs', runId);
    for (const f of [
      'run.json',
      'metrics.jsonl',
      'model/model.json',
      'model/weights.bin',
      'evaluation.json',
      'filters.json',
    ])
      expect(existsSync(join(dir, f))).toBe(true);
    // metrics.jsonl holds every batch, even those the UI stream coalesced away.
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes('"type":"batch"'))).toHaveLength(16);
  });

  it('gives the curves, the evaluation and the filters', async () => {
    const metrics = RunMetricsSchema.parse(await expectValue(call(host, 'runs', 'metrics', { runId })));
    expect(metrics.batches).toHaveLength(16);
    expect(metrics.epochs).toHaveLength(2);
    expect(metrics.end?.testAccuracy).toBeGreaterThan(0.3);
    const evaluation = EvaluationSchema.parse(await expectValue(call(host, 'runs', 'evaluation', { runId })));
    expect(evaluation.confusion).toHaveLength(10);
    expect(evaluation.testAccuracy).toBe(metrics.end?.testAccuracy);
    const final = FiltersSchema.parse(await expectValue(call(host, 'runs', 'filters', { runId })));
    const explicit = await expectValue(call(host, 'runs', 'filters', { runId, which: 'final' }));
    expect(explicit).toEqual(final);
    const initial = FiltersSchema.parse(
      await expectValue(call(host, 'runs', 'filters', { runId, which: 'initial' })),
    );
    expect(initial).toMatchObject({ nodeId: final.nodeId, kernel: final.kernel, count: final.count });
    // Training moved the weights, and the initial biases are Keras's zeros.
    expect(initial.filters).not.toEqual(final.filters);
    expect(initial.bias?.every((b) => b === 0)).toBe(true);
    await expectCode(call(host, 'runs', 'filters', { runId, which: 'later' }), 'API_BAD_REQUEST');
  });

  it('test images by index, and the feature maps of every convolution for one of them', async () => {
    const images = TestImagesSchema.parse(
      await expectValue(call(host, 'runs', 'testImages', { runId, indices: [0, 7] })),
    );
    expect(images.testSize).toBe(2000);
    expect(images.images.map((i) => i.index)).toEqual([0, 7]);
    expect(images.images[0]?.pixels).toHaveLength(784);
    expect(Math.max(...(images.images[0]?.pixels ?? []))).toBeGreaterThan(200);
    const maps = FeatureMapsSchema.parse(
      await expectValue(call(host, 'runs', 'featureMaps', { runId, imageIndex: 7, maxChannels: 4 })),
    );
    expect(maps.label).toBe(images.images[1]?.label);
    expect(maps.image.pixels).toEqual(images.images[1]?.pixels);
    expect(maps.layers).toHaveLength(1);
    expect(maps.layers[0]).toMatchObject({ nodeId: 'conv1', shape: [26, 26, 8], channelsShown: 4 });
    expect(maps.layers[0]?.maps[0]).toHaveLength(26);
    await expectCode(call(host, 'runs', 'testImages', { runId, indices: [2000] }), 'RUN_IMAGE_INDEX');
  });

  it('deletes a finished run', async () => {
    await expectValue(call(host, 'runs', 'delete', { runId }));
    await expectCode(call(host, 'runs', 'get', { runId }), 'RUN_NOT_FOUND');
  });
});

describe('the stream to the UI', () => {
  it('collapses a burst of batch events to its latest while metrics.jsonl keeps every batch', async () => {
    // The pacing clock stands still, so no paced delivery ever comes due: everything the worker sends between
    // the first batch and the epoch is one burst. (The real-time rate, ~30 a second, is tested on the
    // coalescer with a clock of its own: test/main/worker/coalesce.test.ts.)
    const stopped: Clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };
    const seen: TrainingEvent[] = [];
    const local = makeHost(dirs, {
      streamClock: stopped,
      events: (name, payload) => {
        if (name === 'training') seen.push((payload as { event: TrainingEvent }).event);
      },
    });
    try {
      const { runId } = await expectValue<{ runId: string }>(
        call(local.host, 'training', 'start', {
          graph: tinyNet({ filters: 2 }),
          config: trainConfig({ limit: 3000, batchSize: 8, validationSplit: 0 }),
        }),
      );
      await until(() => seen.some((e) => e.type === 'end'), 'the end event');
      const metrics = RunMetricsSchema.parse(
        await expectValue(call(local.host, 'runs', 'metrics', { runId })),
      );
      expect(metrics.batches).toHaveLength(375);
      // start (delivered at once), the burst's latest (the epoch's last batch), the epoch, the end.
      expect(seen.map((e) => (e.type === 'batch' ? `batch ${e.batch}` : e.type))).toEqual([
        'start',
        'batch 375',
        'epoch',
        'end',
      ]);
      expect(seen.at(-1)).toMatchObject({ type: 'end', runId });
    } finally {
      await local.host.close();
    }
  });
});

describe('refusals', () => {
  it('a dataset that does not fit the graph: start answers DATASET_SHAPE_MISMATCH and leaves no run', async () => {
    const before = (await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).length;
    const message = await expectCode(
      call(host, 'training', 'start', { graph: tinyNet({ input: [32, 32, 1] }), config: trainConfig() }),
      'DATASET_SHAPE_MISMATCH',
    );
    expect(message).toMatch(/Fix: pad 2 pixels with zeros \(28×28×1 → 32×32×1\), or set Input to 28×28×1\./);
    expect(await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).toHaveLength(before);
  });

  it('a project that is not a path and a name is refused (API_BAD_REQUEST) before anything starts', async () => {
    for (const project of [{ path: '', name: 'x' }, { name: 'x' }, { path: null, name: 'x', extra: 1 }])
      await expectCode(
        call(host, 'training', 'start', { graph: tinyNet(), config: trainConfig(), project }),
        'API_BAD_REQUEST',
      );
  });

  it('a graph with errors is refused at once with the node at fault', async () => {
    const graph = tinyNet();
    const broken = { ...graph, edges: graph.edges.filter((e) => e.target !== 'out') };
    const result = await call(host, 'training', 'start', { graph: broken, config: trainConfig() });
    expect(result).toMatchObject({ ok: false, error: { code: 'GRAPH_HAS_ERRORS' } });
  });

  it('a block bomb (a million layers once expanded) is refused at once with GRAPH_TOO_LARGE on the block', async () => {
    const before = (await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).length;
    const started = Date.now();
    const result = await call(host, 'training', 'start', { graph: blockBomb(5, 20), config: trainConfig() });
    // A hang guard, not a benchmark: expanding it took minutes and blocked every other request.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ ok: false, error: { code: 'GRAPH_HAS_ERRORS', nodeId: 'bomb' } });
    expect(result.ok ? '' : result.error.message).toMatch(
      /^The graph has errors, so it cannot train: \[GRAPH_TOO_LARGE\] 'bomb' expands to 3,200,000 layers/,
    );
    expect(await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).toHaveLength(before);
  });

  it('a BatchNorm without scale is refused at once (TRAINING_UNSUPPORTED_LAYER on the node) and leaves no run', async () => {
    const before = (await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).length;
    const result = await call(host, 'training', 'start', {
      graph: batchNormNet({ scale: false }),
      config: trainConfig(),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'TRAINING_UNSUPPORTED_LAYER',
        nodeId: 'bn1',
        message: expect.stringMatching(/Fix: turn on/),
      },
    });
    expect(await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}))).toHaveLength(before);
  });

  it('two starts sent together: one trains, the other is TRAINING_BUSY', async () => {
    const request = () =>
      call(host, 'training', 'start', { graph: tinyNet(), config: trainConfig({ limit: 64 }) });
    const results = await Promise.all([request(), request()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'TRAINING_BUSY' } });
    const { runId } = (results.find((r) => r.ok) as { value: { runId: string } }).value;
    await until(ended(runId), 'the run');
  });

  it('controls for a run that is not training: TRAINING_NOT_RUNNING', async () => {
    await expectCode(call(host, 'training', 'stop', { runId: 'nope' }), 'TRAINING_NOT_RUNNING');
  });
});

describe('control and failure', () => {
  it('one run at a time; pause holds it, resume continues, stop ends it mid-epoch and keeps it', async () => {
    // 10,000 images: an epoch of 225 batches (over a second on wasm) leaves the stop a wide margin to land in it.
    const runId = await start(trainConfig({ limit: 10_000, epochs: 5 }));
    await expectCode(
      call(host, 'training', 'start', { graph: tinyNet(), config: trainConfig() }),
      'TRAINING_BUSY',
    );
    expect(await expectValue(call(host, 'training', 'active', {}))).toEqual({ runId, status: 'running' });
    await until(() => batches(runId) >= 2, 'two batches');
    // While it trains: the filters as initialised are there, the trained ones not yet.
    FiltersSchema.parse(await expectValue(call(host, 'runs', 'filters', { runId, which: 'initial' })));
    await expectCode(call(host, 'runs', 'filters', { runId }), 'RUN_NO_MODEL');
    // The worker logs where the pause took effect: wait for that, not for time to pass.
    const holding = nextLog(/^paused in epoch (\d+) after batch (\d+)$/);
    await expectValue(call(host, 'training', 'pause', { runId }));
    const [, heldEpoch, heldBatch] = (await holding).map(Number) as [number, number, number];
    const position = (e: TrainingEvent) =>
      e.type === 'batch' ? (e.epoch - heldEpoch) * 1e6 + (e.batch - heldBatch) : -Infinity;
    // The last batch before the hold reaches the page (the coalescer always delivers the latest)...
    if (heldBatch > 0) await until(() => eventsOf(runId).some((e) => position(e) === 0), 'the held batch');
    expect((await expectValue<{ status: string }>(call(host, 'runs', 'get', { runId }))).status).toBe(
      'paused',
    );
    // ...and nothing after it until the resume.
    const beforeResume = eventsOf(runId);
    expect(beforeResume.filter((e) => position(e) > 0)).toEqual([]);
    await expectValue(call(host, 'training', 'resume', { runId }));
    await until(() => eventsOf(runId).some((e) => position(e) >= 2), 'batches after resume');
    await expectValue(call(host, 'training', 'stop', { runId }));
    await until(ended(runId), 'the end after stop');
    expect(eventsOf(runId).at(-1)).toMatchObject({ type: 'end', stopped: true });
    expect(eventsOf(runId).some((e) => e.type === 'epoch')).toBe(false);
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId })));
    expect(detail).toMatchObject({ status: 'stopped', hasModel: true, result: { stopped: true } });
    expect(await expectValue(call(host, 'training', 'active', {}))).toBeNull();
  });

  it('kill -9 of the worker mid-run: the run is failed with the log, metrics kept; the host trains again', async () => {
    const runId = await start(trainConfig({ limit: 4000, epochs: 5 }));
    await until(() => batches(runId) >= 2, 'two batches');
    const startEvent = eventsOf(runId).find((e) => e.type === 'start') as { workerPid?: number };
    expect(startEvent.workerPid).toBeGreaterThan(0);
    process.kill(startEvent.workerPid as number, 'SIGKILL');
    await until(ended(runId), 'the error event');
    expect(eventsOf(runId).at(-1)).toMatchObject({ type: 'error', code: 'WORKER_CRASHED' });
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId })));
    expect(detail).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' }, hasModel: false });
    expect(detail.error?.message).toMatch(/SIGKILL/);
    expect(detail.log).toMatch(/dataset mnist-10k/);
    const metrics = RunMetricsSchema.parse(await expectValue(call(host, 'runs', 'metrics', { runId })));
    expect(metrics.batches.length).toBeGreaterThanOrEqual(2);
    expect(metrics.error?.code).toBe('WORKER_CRASHED');
    const list = await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}));
    expect(list.find((r) => r.runId === runId)?.status).toBe('failed');

    const next = await start(trainConfig({ limit: 128 }));
    await until(ended(next), 'the next run');
    expect(eventsOf(next).at(-1)).toMatchObject({ type: 'end', stopped: false });
  });
});
