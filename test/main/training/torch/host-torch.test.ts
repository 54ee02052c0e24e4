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
import { toPyTorch } from '../../../../shared/codegen/pytorch';
import { toTypeScript } from '../../../../shared/codegen/typescript';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { getPreset } from '../../../../shared/presets';
import { skipWithReason } from '../../../setup/skip';
import { runCli } from '../../cli/run-cli';
import { call, expectValue, makeHost, tempDirs, type EmittedEvent, type TempDirs } from '../../host/helpers';
import { trainConfig } from '../train/graphs';
import { torchPython } from './torch-python';

/**
 * A torch-trained run through the host service and a real training worker (app/dist/worker), as the app
 * reaches it: it opens in the run view like any run (metrics, evaluation, filters before and after, feature
 * maps, test images, compare, duplicate, export, import), and the engine's death or an out-of-memory fails
 * the run with its code, its log and its metrics while the host goes on.
 */
const { python, missing } = torchPython();
const saved = { ...process.env };
let dirs: TempDirs;
let host: RunningHost;
let emitted: EmittedEvent[];

beforeAll(() => {
  // The worker is forked with this environment.
  process.env.STRIDE_PYTHON = python;
  dirs = tempDirs();
  ({ host, emitted } = makeHost(dirs));
});
afterAll(async () => {
  await host.close();
  dirs.cleanup();
  process.env = saved;
});

const seedNet = (): GraphDoc => getPreset('mnist-keras')?.build() as GraphDoc;

const eventsIn = (list: EmittedEvent[], runId: string): TrainingEvent[] =>
  list
    .filter((e) => e.event === 'training' && (e.payload as { runId: string }).runId === runId)
    .map((e) => TrainingEventSchema.parse((e.payload as { event: unknown }).event));

async function until(check: () => boolean, what: string, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const ended = (list: EmittedEvent[], runId: string) => () =>
  eventsIn(list, runId).some((e) => e.type === 'end' || e.type === 'error');

async function start(h: RunningHost, config: object, graph = seedNet()): Promise<string> {
  const { runId } = await expectValue<{ runId: string }>(call(h, 'training', 'start', { graph, config }));
  return runId;
}

describe('a torch-trained run in the run view (host API)', () => {
  let runId: string;

  it('trains on the torch rung and is recorded like any run', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    runId = await start(host, trainConfig({ backend: 'torch', limit: 384, epochs: 1, seed: 3 }));
    await until(ended(emitted, runId), 'the end of the torch run');
    expect(eventsIn(emitted, runId).at(-1)?.type).toBe('end');
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId })));
    expect(detail).toMatchObject({
      status: 'completed',
      backend: 'torch',
      rung: 'torch-cpu',
      hasModel: true,
      hasEvaluation: true,
      engine: { device: 'cpu', processes: 1, feed: 'file' },
    });
    expect(detail.selectedBecause).toMatch(/^--backend torch: torch-cpu/);
    expect(String(detail.engine?.torch)).toMatch(/^\d+\.\d+/);
  }, 300_000);

  it('opens: metrics, evaluation, filters before and after, feature maps and test images', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const metrics = RunMetricsSchema.parse(await expectValue(call(host, 'runs', 'metrics', { runId })));
    expect(metrics.start?.backend).toBe('torch');
    expect(metrics.batches.length).toBe(11);
    expect(metrics.epochs).toHaveLength(1);
    expect(metrics.end?.testAccuracy).toBeGreaterThan(0.15); // better than chance after 11 batches
    const evaluation = EvaluationSchema.parse(await expectValue(call(host, 'runs', 'evaluation', { runId })));
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    const initial = FiltersSchema.parse(
      await expectValue(call(host, 'runs', 'filters', { runId, which: 'initial' })),
    );
    const final = FiltersSchema.parse(
      await expectValue(call(host, 'runs', 'filters', { runId, which: 'final' })),
    );
    expect([initial.count, final.count, final.kernel]).toEqual([32, 32, [3, 3]]);
    expect(final.filters).not.toEqual(initial.filters);
    // Feature maps come from the saved tfjs model: its prediction is the one torch evaluated.
    const maps = FeatureMapsSchema.parse(
      await expectValue(call(host, 'runs', 'featureMaps', { runId, imageIndex: 0, maxChannels: 4 })),
    );
    expect(maps.layers.map((l) => l.shape)).toEqual([
      [28, 28, 32],
      [14, 14, 64],
      [7, 7, 64],
    ]);
    expect(maps.predicted).toBe(evaluation.predicted[0]);
    expect(maps.probabilities[maps.predicted]).toBeCloseTo(evaluation.confidence[0] ?? 0, 2);
    const images = TestImagesSchema.parse(
      await expectValue(call(host, 'runs', 'testImages', { runId, indices: [0, 1] })),
    );
    expect(images.images.map((i) => i.label)).toEqual(evaluation.labels.slice(0, 2));
  }, 300_000);

  it('compares with, and duplicates into, a run on another rung; exports and imports its graph', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId })));
    // Duplicate ("train again"), here on wasm: the same graph and settings, another engine.
    const copy = await expectValue<{ runId: string }>(
      call(host, 'training', 'start', {
        graph: detail.graph,
        config: { ...detail.config, backend: 'wasm' },
        name: `${detail.name} (copy)`,
      }),
    );
    await until(ended(emitted, copy.runId), 'the end of the copy');
    const list = await expectValue<RunSummary[]>(call(host, 'runs', 'list', {}));
    const pair = list.filter((r) => r.runId === runId || r.runId === copy.runId);
    expect(pair.map((r) => r.backend).sort()).toEqual(['torch', 'wasm']);
    expect(new Set(pair.map((r) => r.graphHash)).size).toBe(1);
    // Compare reads both runs' curves.
    for (const id of [runId, copy.runId]) {
      const m = RunMetricsSchema.parse(await expectValue(call(host, 'runs', 'metrics', { runId: id })));
      expect(m.epochs.map((e) => e.epoch)).toEqual([1]);
    }
    expect(toPyTorch(detail.graph).ok && toTypeScript(detail.graph).ok).toBe(true);
    // `stride import` of the torch-trained model.json gives back the graph that trained.
    const imported = runCli('import', join(dirs.dataDir, 'runs', runId, 'model', 'model.json'));
    expect(imported.code).toBe(0);
    expect((JSON.parse(imported.stdout) as { graph: unknown }).graph).toEqual(detail.graph);
  }, 300_000);

  it('the engine killed mid-run: failed with TORCH_ENGINE_CRASHED, its log and every metric; the host goes on', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const killed = await start(host, trainConfig({ backend: 'torch', limit: 4000, epochs: 3 }));
    await until(() => eventsIn(emitted, killed).filter((e) => e.type === 'batch').length >= 2, 'two batches');
    const startEvent = eventsIn(emitted, killed).find((e) => e.type === 'start');
    const pid = (startEvent as { enginePid?: number } | undefined)?.enginePid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGKILL');
    await until(ended(emitted, killed), 'the error event');
    expect(eventsIn(emitted, killed).at(-1)).toMatchObject({ type: 'error', code: 'TORCH_ENGINE_CRASHED' });
    const detail = RunDetailSchema.parse(await expectValue(call(host, 'runs', 'get', { runId: killed })));
    expect(detail).toMatchObject({
      status: 'failed',
      error: { code: 'TORCH_ENGINE_CRASHED' },
      hasModel: false,
    });
    expect(detail.error?.message).toMatch(/SIGKILL/);
    expect(detail.log).toMatch(/stride engine: torch .* on cpu/);
    const metrics = RunMetricsSchema.parse(
      await expectValue(call(host, 'runs', 'metrics', { runId: killed })),
    );
    expect(metrics.batches.length).toBeGreaterThanOrEqual(2);
    expect(metrics.error?.code).toBe('TORCH_ENGINE_CRASHED');
    // The worker survived its engine: the next run trains.
    const next = await start(host, trainConfig({ backend: 'torch', limit: 128 }));
    await until(ended(emitted, next), 'the next run');
    expect(eventsIn(emitted, next).at(-1)?.type).toBe('end');
  }, 300_000);
});

describe('an out-of-memory in the engine', () => {
  it('fails the run with TORCH_OUT_OF_MEMORY (what to change), its metrics and log; the host goes on', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    // A host of its own: its worker is forked with the fault armed (honoured only with STRIDE_WORKER_DEBUG=1).
    process.env.STRIDE_WORKER_DEBUG = '1';
    process.env.STRIDE_TORCH_FAULT = 'oom:1:3';
    const faultDirs = tempDirs();
    const faulty = makeHost(faultDirs);
    try {
      const runId = await start(faulty.host, trainConfig({ backend: 'torch', limit: 512 }));
      await until(ended(faulty.emitted, runId), 'the error event');
      const events = eventsIn(faulty.emitted, runId);
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'TORCH_OUT_OF_MEMORY' });
      expect((events.at(-1) as { message: string }).message).toMatch(/smaller batch size/);
      const detail = RunDetailSchema.parse(await expectValue(call(faulty.host, 'runs', 'get', { runId })));
      expect(detail).toMatchObject({ status: 'failed', error: { code: 'TORCH_OUT_OF_MEMORY' } });
      expect(detail.log).toMatch(/out of memory/);
      const metrics = RunMetricsSchema.parse(
        await expectValue(call(faulty.host, 'runs', 'metrics', { runId })),
      );
      expect(metrics.batches.map((b) => b.batch)).toEqual([1, 2]);
    } finally {
      delete process.env.STRIDE_TORCH_FAULT;
      delete process.env.STRIDE_WORKER_DEBUG;
      await faulty.host.close();
      faultDirs.cleanup();
    }
  }, 300_000);
});
