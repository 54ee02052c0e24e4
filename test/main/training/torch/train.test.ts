import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/training/backends/ladder';
import { buildSeededModel, checkGraph, convLayers } from '../../../../main/training/train/compile';
import { prepareData } from '../../../../main/training/train/data';
import { firstConvFilters } from '../../../../main/training/train/inspect';
import { loadModel } from '../../../../main/training/train/model-io';
import { runTraining, type TrainCommand } from '../../../../main/training/train/run';
import { makeBatch } from '../../../../main/training/datasets/pipeline';
import { EvaluationSchema, FiltersSchema } from '../../../../shared/api/runs';
import {
  TrainingEventSchema,
  type TrainingConfig,
  type TrainingEvent,
} from '../../../../shared/api/training';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { getPreset } from '../../../../shared/presets';
import { ChainBuilder, fc } from '../../../../shared/presets/builder';
import { skipWithReason } from '../../../setup/skip';
import { ofType, testContext } from '../train/context';
import { trainConfig } from '../train/graphs';
import { torchPython } from './torch-python';

/**
 * The torch rung for real: the worker's training job driving the PyTorch engine (Debian's python3-torch, on
 * the CPU here), in this process as the worker runs it. Small runs (--limit) of the seed 002 network.
 */
const root = mkdtempSync(join(tmpdir(), 'stride-torch-'));
const { python, missing } = torchPython();
const saved = { ...process.env };

beforeAll(() => {
  process.env.STRIDE_PYTHON = python;
});
afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});

const seedNet = (): GraphDoc => {
  const doc = getPreset('mnist-keras')?.build();
  if (doc === undefined) throw new Error('no mnist-keras preset');
  return doc;
};

let counter = 0;
function command(graph: GraphDoc, config: TrainingConfig, keep = true): TrainCommand {
  counter += 1;
  return {
    kind: 'train',
    runId: `torch-${counter}`,
    graph,
    config,
    outDir: keep ? join(root, `run-${counter}`) : null,
  };
}

const torchConfig = (over: Parameters<typeof trainConfig>[0] = {}) =>
  trainConfig({ backend: 'torch', ...over });

describe('the torch rung trains the seed 002 network (mnist-keras)', () => {
  it('events as the contract says, the run folder of any rung, a tfjs model that predicts what torch evaluated', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const rec = testContext();
    const cmd = command(seedNet(), torchConfig({ limit: 640, epochs: 2, seed: 2 }));
    const end = await runTraining(cmd, rec);
    for (const event of rec.events) expect(TrainingEventSchema.safeParse(event).success).toBe(true);
    const [start] = ofType(rec.events, 'start');
    expect(start).toMatchObject({
      backend: 'torch',
      rung: 'torch-cpu',
      trainSize: 576,
      validationSize: 64,
      testSize: 2000,
      params: 93_322,
      engine: { device: 'cpu', processes: 1, feed: 'file', executable: python },
    });
    expect(start?.engine?.torch).toMatch(/^\d+\.\d+/);
    expect(start?.selectedBecause).toMatch(/^--backend torch: torch-cpu/);
    expect(start?.enginePid).toBeGreaterThan(0);
    const batches = ofType(rec.events, 'batch');
    expect(batches.map((b) => `${b.epoch}:${b.batch}`)).toEqual(
      [1, 2].flatMap((e) => Array.from({ length: 18 }, (_, i) => `${e}:${i + 1}`)),
    );
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(batches.slice(-6).map((b) => b.loss))).toBeLessThan(
      mean(batches.slice(0, 6).map((b) => b.loss)) * 0.7,
    );
    const epochs = ofType(rec.events, 'epoch');
    expect(epochs.map((e) => [e.epoch, e.learningRate])).toEqual([
      [1, 0.002],
      [2, 0.001],
    ]);
    expect(epochs[1]?.valAccuracy).toBeGreaterThan(0.5);
    expect(end).toMatchObject({
      type: 'end',
      stopped: false,
      epochs: 2,
      modelDir: join(cmd.outDir as string, 'model'),
    });
    expect(end.testAccuracy).toBeGreaterThan(0.7);

    // The same run folder as every rung.
    const dir = cmd.outDir as string;
    expect(readdirSync(dir).sort()).toEqual([
      'evaluation.json',
      'filters-initial.json',
      'filters.json',
      'model',
    ]);
    const evaluation = EvaluationSchema.parse(JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')));
    expect(evaluation.testAccuracy).toBeCloseTo(end.testAccuracy ?? 0, 10);
    const initial = FiltersSchema.parse(JSON.parse(readFileSync(join(dir, 'filters-initial.json'), 'utf8')));
    const final = FiltersSchema.parse(JSON.parse(readFileSync(join(dir, 'filters.json'), 'utf8')));
    expect(final.filters).not.toEqual(initial.filters);
    // The initial filters are the seeded Glorot-uniform draw every rung starts from.
    await tf.setBackend('cpu');
    const compiled = checkGraph(cmd.graph);
    const fresh = buildSeededModel(compiled, 2);
    expect(firstConvFilters(fresh, convLayers(compiled.topology))?.filters).toEqual(initial.filters);
    fresh.dispose();

    // The weights came back from torch's layout (OIHW, Linear [out, in], NCHW flatten) into tfjs's: the saved
    // model predicts the test images as the engine did.
    const model = await loadModel(join(dir, 'model'));
    const data = prepareData(cmd.config, compiled.inputShape, compiled.inputNodeId);
    const indices = Int32Array.from({ length: 300 }, (_, i) => i);
    const batch = makeBatch(data.test, indices, data.sourceShape, { transform: data.transform });
    const probs = tf.tidy(() => model.predict(tf.tensor4d(batch.images, [300, 28, 28, 1])) as tf.Tensor);
    const rows = (await probs.array()) as number[][];
    probs.dispose();
    model.dispose();
    let agree = 0;
    let worst = 0;
    rows.forEach((row, i) => {
      const p = row.indexOf(Math.max(...row));
      if (p === evaluation.predicted[i]) agree += 1;
      worst = Math.max(worst, Math.abs((row[p] ?? 0) - (evaluation.confidence[i] ?? 0)));
    });
    expect(agree).toBeGreaterThanOrEqual(298);
    expect(worst).toBeLessThan(2e-3);
  }, 300_000);

  it('parity: after 1 epoch on the same data and seed, torch and wasm are within 1 point (same start, same batches)', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    // 3,600 training images: past the steep start of learning, where a rounding difference moves accuracy most.
    const config = (backend: 'torch' | 'wasm') => trainConfig({ backend, limit: 4000, epochs: 1, seed: 1 });
    const torch = testContext();
    const torchEnd = await runTraining(command(seedNet(), config('torch'), false), torch);
    await selectBackend('wasm');
    const wasm = testContext();
    const wasmEnd = await runTraining(command(seedNet(), config('wasm'), false), wasm);
    expect(ofType(wasm.events, 'start')[0]?.backend).toBe('wasm');
    const [t1] = ofType(torch.events, 'batch');
    const [w1] = ofType(wasm.events, 'batch');
    // The first batch starts from identical weights on identical images: the same loss to float rounding.
    expect(Math.abs((t1?.loss ?? 0) - (w1?.loss ?? 1))).toBeLessThan(1e-3);
    const diff = Math.abs((torchEnd.testAccuracy ?? 0) - (wasmEnd.testAccuracy ?? 1));
    console.log(
      `parity after 1 epoch (3,600 images): torch ${torchEnd.testAccuracy}, wasm ${wasmEnd.testAccuracy}, ` +
        `torch ${Math.round(torchEnd.imagesPerSecond)} img/s, wasm ${Math.round(wasmEnd.imagesPerSecond)} img/s`,
    );
    expect(diff).toBeLessThanOrEqual(0.01);
  }, 300_000);
});

describe('full MNIST through the byte file (8-bit pixels)', () => {
  it("the engine reads the same pixels: the first batch loss equals the wasm rung's", async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const config = (backend: 'torch' | 'wasm') =>
      trainConfig({ backend, dataset: 'mnist', limit: 320, epochs: 1, validationSplit: 0, seed: 9 });
    const torch = testContext();
    await runTraining(command(seedNet(), config('torch'), false), torch);
    expect(ofType(torch.events, 'start')[0]).toMatchObject({ trainSize: 320, testSize: 10_000 });
    await selectBackend('wasm');
    const wasm = testContext();
    await runTraining(command(seedNet(), config('wasm'), false), wasm);
    const [t1] = ofType(torch.events, 'batch');
    const [w1] = ofType(wasm.events, 'batch');
    expect(Math.abs((t1?.loss ?? 0) - (w1?.loss ?? 1))).toBeLessThan(1e-3);
  }, 300_000);
});

describe('input transforms and normalisation run in the engine as in the worker', () => {
  // Channels, resize, pad and the dataset's statistics: the worker applies them per batch on the tfjs rungs,
  // the engine on its device (file feed). A dense layer over every input value makes the loss see each pixel.
  const net = (): GraphDoc =>
    new ChainBuilder()
      .add('input', 'input', { shape: [20, 24, 3] })
      .add('flatten', 'flatten')
      .add('out', 'dense', fc(10, 'softmax'))
      .build('transform net', 'every input value reaches the loss', {});
  const config = (backend: 'torch' | 'wasm', pad: [number, number, number, number]) =>
    trainConfig({
      backend,
      limit: 96,
      epochs: 1,
      validationSplit: 0,
      seed: 4,
      normalize: 'dataset',
      transform: { channels: 3, resize: [18, 20], pad },
    });
  const losses = (events: TrainingEvent[]) => ofType(events, 'batch').map((b) => b.loss);

  it('the same batches give the same losses on torch and wasm; moving the padding changes them', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const torch = testContext();
    await runTraining(command(net(), config('torch', [1, 1, 2, 2]), false), torch);
    expect(ofType(torch.events, 'start')[0]).toMatchObject({ backend: 'torch' });
    await selectBackend('wasm');
    const wasm = testContext();
    await runTraining(command(net(), config('wasm', [1, 1, 2, 2]), false), wasm);
    const moved = testContext();
    await runTraining(command(net(), config('wasm', [2, 0, 4, 0]), false), moved);
    const [t, w, m] = [losses(torch.events), losses(wasm.events), losses(moved.events)];
    expect(t).toHaveLength(3);
    expect(w).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(Math.abs((t[i] ?? 0) - (w[i] ?? 1))).toBeLessThan(1e-3);
    // The check can fail: the same pixels placed 1-2 pixels elsewhere give another loss.
    expect(Math.max(...w.map((l, i) => Math.abs(l - (m[i] ?? 0))))).toBeGreaterThan(1e-2);
  }, 300_000);
});

describe('stop and pause act within one batch of the engine', () => {
  it('stop mid-epoch: at most one more batch, no epoch summary, the model is still saved', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const rec = testContext((event, c) => {
      if (event.type === 'batch' && event.batch === 3) c.control.apply('stop');
    });
    const cmd = command(seedNet(), torchConfig({ limit: 2048, epochs: 3 }));
    const end = await runTraining(cmd, rec);
    const batches = ofType(rec.events, 'batch').map((b) => b.batch);
    expect(batches.slice(0, 3)).toEqual([1, 2, 3]);
    // The engine reads the stop while training batch 4 at the latest (it runs ahead of the events).
    expect(batches.length).toBeLessThanOrEqual(5);
    expect(ofType(rec.events, 'epoch')).toHaveLength(0);
    expect(end).toMatchObject({ stopped: true, epochs: 0 });
    expect(existsSync(join(cmd.outDir as string, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(cmd.outDir as string, 'evaluation.json'))).toBe(true);
  }, 300_000);

  it('pause holds the engine between two batches; resume continues where it was', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    let pausedAt = 0;
    let resumedAt = 0;
    const rec = testContext((event, c) => {
      if (event.type === 'batch' && event.batch === 2 && pausedAt === 0) {
        c.control.apply('pause');
        pausedAt = Date.now();
        setTimeout(() => {
          resumedAt = Date.now();
          c.control.apply('resume');
        }, 1500);
      }
    });
    const end = await runTraining(command(seedNet(), torchConfig({ limit: 512 }), false), rec);
    const batches = ofType(rec.events, 'batch');
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: batches.length }, (_, i) => i + 1));
    const whilePaused = batches.filter((b) => (b.time ?? 0) > pausedAt && (b.time ?? 0) < resumedAt);
    expect(whilePaused.length).toBeLessThanOrEqual(2);
    expect(batches.some((b) => (b.time ?? 0) >= resumedAt)).toBe(true);
    expect(end.stopped).toBe(false);
  }, 300_000);

  it('augmenting runs stream prepared batches (the worker augments); a stop leaves none behind', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const rec = testContext((event, c) => {
      if (event.type === 'batch' && event.epoch === 2 && event.batch === 2) c.control.apply('stop');
    });
    const config = torchConfig({ limit: 320, epochs: 3, augment: { shift: 0.1, rotateDegrees: 10 } });
    const end = await runTraining(command(seedNet(), config, false), rec);
    expect(ofType(rec.events, 'start')[0]?.engine?.feed).toBe('stream');
    expect(ofType(rec.events, 'epoch')).toHaveLength(1);
    expect(end).toMatchObject({ stopped: true, epochs: 1 });
    expect(end.testAccuracy).toBeGreaterThan(0.2);
  }, 300_000);
});

describe('data-parallel: two processes through torchrun (gloo on the CPU)', () => {
  it('the same accuracy as one process within noise; rank 0 alone reports, no event twice', async (ctx) => {
    if (missing !== null) return skipWithReason(ctx, missing);
    const config = torchConfig({ limit: 1280, epochs: 2, seed: 5, batchSize: 64 });
    const one = testContext();
    const oneEnd = await runTraining(command(seedNet(), config, false), one);
    process.env.STRIDE_TORCH_PROCESSES = '2';
    const two = testContext();
    let twoEnd;
    try {
      twoEnd = await runTraining(command(seedNet(), config, false), two);
    } finally {
      delete process.env.STRIDE_TORCH_PROCESSES;
    }
    expect(ofType(two.events, 'start')[0]?.engine).toMatchObject({ processes: 2, distributed: 'gloo' });
    const batches = ofType(two.events, 'batch').map((b) => `${b.epoch}:${b.batch}`);
    expect(batches).toEqual(ofType(one.events, 'batch').map((b) => `${b.epoch}:${b.batch}`));
    expect(new Set(batches).size).toBe(batches.length);
    expect(ofType(two.events, 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    expect(ofType(two.events, 'end')).toHaveLength(0);
    // Each batch is split between the processes and DDP averages their gradients: the same steps as one
    // process up to the order of float sums.
    const [a1] = ofType(one.events, 'batch');
    const [b1] = ofType(two.events, 'batch');
    expect(Math.abs((a1?.loss ?? 0) - (b1?.loss ?? 1))).toBeLessThan(1e-4);
    console.log(`DDP: 1 process ${oneEnd.testAccuracy}, 2 processes ${twoEnd.testAccuracy}`);
    expect(Math.abs((oneEnd.testAccuracy ?? 0) - (twoEnd.testAccuracy ?? 1))).toBeLessThanOrEqual(0.02);
  }, 600_000);
});
