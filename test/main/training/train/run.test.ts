import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/training/backends/ladder';
import { buildSeededModel, checkGraph } from '../../../../main/training/train/compile';
import { firstConvFilters } from '../../../../main/training/train/inspect';
import { loadModel } from '../../../../main/training/train/model-io';
import { runTraining, type TrainCommand } from '../../../../main/training/train/run';
import { loadDataset } from '../../../../main/training/datasets/load';
import { EvaluationSchema, FiltersSchema } from '../../../../shared/api/runs';
import { TrainingEventSchema, type TrainingConfig } from '../../../../shared/api/training';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { ofType, testContext, type RecordingContext } from './context';
import { tinyNet, trainConfig } from './graphs';

const root = mkdtempSync(join(tmpdir(), 'stride-train-'));
beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function command(graph: GraphDoc, config: TrainingConfig, keep = true): TrainCommand {
  counter += 1;
  return {
    kind: 'train',
    runId: `run-${counter}`,
    graph,
    config,
    outDir: keep ? join(root, `run-${counter}`) : null,
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: { code?: string; nodeId?: string | null }) => ({ code: e.code, nodeId: e.nodeId }),
  );

describe('a short real training run (mnist --limit 512, tiny net, wasm)', () => {
  let ctx: RecordingContext;
  let outDir: string;
  let end: Awaited<ReturnType<typeof runTraining>>;
  let tensorsBefore = 0;

  it('trains: the loss decreases and every event fits the shared schema', async () => {
    tensorsBefore = tf.memory().numTensors;
    ctx = testContext();
    const cmd = command(tinyNet(), trainConfig({ limit: 512, epochs: 2, seed: 3 }));
    outDir = cmd.outDir as string;
    end = await runTraining(cmd, ctx);
    for (const event of ctx.events) expect(TrainingEventSchema.safeParse(event).success).toBe(true);
    const [start] = ofType(ctx.events, 'start');
    expect(start).toMatchObject({
      backend: 'wasm',
      epochs: 2,
      trainSize: 461,
      validationSize: 51,
      testSize: 2000,
    });
    expect(start?.batchesPerEpoch).toBe(Math.ceil(461 / 32));
    const batches = ofType(ctx.events, 'batch');
    expect(batches).toHaveLength(2 * Math.ceil(461 / 32));
    expect(batches[0]).toMatchObject({ epoch: 1, batch: 1 });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const firstLosses = mean(batches.slice(0, 4).map((b) => b.loss));
    const lastLosses = mean(batches.slice(-4).map((b) => b.loss));
    expect(lastLosses).toBeLessThan(firstLosses * 0.8);
    const epochs = ofType(ctx.events, 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1]?.loss).toBeLessThan(epochs[0]?.loss ?? 0);
    expect(end).toMatchObject({ type: 'end', stopped: false, epochs: 2, modelDir: join(outDir, 'model') });
    expect(end.testAccuracy).toBeGreaterThan(0.5);
  });

  it('leaks no tensors: the count is the same after every epoch and back to the start after the run', () => {
    const counts = ofType(ctx.events, 'epoch').map((e) => e.tensors as number);
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('writes the model, the evaluation and the first-layer filters into the run folder', () => {
    for (const f of [
      'model/model.json',
      'model/weights.bin',
      'evaluation.json',
      'filters.json',
      'filters-initial.json',
    ])
      expect(existsSync(join(outDir, f))).toBe(true);
    const evaluation = EvaluationSchema.parse(
      JSON.parse(readFileSync(join(outDir, 'evaluation.json'), 'utf8')),
    );
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    const diagonal = evaluation.confusion.reduce((s, row, i) => s + (row[i] ?? 0), 0);
    expect(diagonal / 2000).toBeCloseTo(end.testAccuracy ?? -1, 6);
    expect(evaluation.predicted).toHaveLength(2000);
    expect(evaluation.samples.length).toBeGreaterThanOrEqual(32);
    const filters = FiltersSchema.parse(JSON.parse(readFileSync(join(outDir, 'filters.json'), 'utf8')));
    expect(filters).toMatchObject({ nodeId: 'conv1', kernel: [3, 3], channels: 1, count: 8 });
    expect(filters.filters).toHaveLength(8);
    expect(filters.filters[0]?.[0]).toHaveLength(3);
  });

  it('keeps the first-layer filters as initialised: the seeded weights, before training changed them', async () => {
    const read = (file: string) => FiltersSchema.parse(JSON.parse(readFileSync(join(outDir, file), 'utf8')));
    const [initial, final] = [read('filters-initial.json'), read('filters.json')];
    const seeded = buildSeededModel(checkGraph(tinyNet()), 3);
    expect(initial).toEqual(firstConvFilters(seeded, [{ layer: 'conv1', nodeId: 'conv1' }]));
    seeded.dispose();
    expect(initial.filters).not.toEqual(final.filters);
    expect(initial.bias).toEqual(Array(8).fill(0));
  });

  it('the saved model loads back with tf.loadLayersModel and predicts what the run evaluated', async () => {
    const evaluation = EvaluationSchema.parse(
      JSON.parse(readFileSync(join(outDir, 'evaluation.json'), 'utf8')),
    );
    const model = await loadModel(join(outDir, 'model'));
    const test = loadDataset(trainConfig().dataset, { seed: 3 }).test;
    const samples = evaluation.samples.slice(0, 8);
    const x = tf.tensor4d(
      Float32Array.from(
        samples.flatMap((s) => Array.from(test.images.subarray(s.index * 784, (s.index + 1) * 784))),
      ),
      [samples.length, 28, 28, 1],
    );
    const y = model.predict(x) as tf.Tensor;
    const rows = (await y.array()) as number[][];
    tf.dispose([x, y]);
    model.dispose();
    samples.forEach((s, i) => {
      s.probabilities.forEach((p, k) => expect(Math.abs((rows[i]?.[k] ?? NaN) - p)).toBeLessThan(1e-4));
    });
  });
});

describe('a graph that ends without softmax', () => {
  it('trains on its logits with softmax cross-entropy and reports probabilities', async () => {
    const ctx = testContext();
    const cmd = command(tinyNet({ softmax: false }), trainConfig({ limit: 256, epochs: 2 }));
    const end = await runTraining(cmd, ctx);
    expect(ofType(ctx.events, 'start')[0]?.outputActivation).toBe('logits');
    const epochs = ofType(ctx.events, 'epoch');
    expect(epochs[1]?.loss).toBeLessThan(epochs[0]?.loss ?? 0);
    expect(end.testLoss).toBeGreaterThan(0);
    const evaluation = EvaluationSchema.parse(
      JSON.parse(readFileSync(join(cmd.outDir as string, 'evaluation.json'), 'utf8')),
    );
    for (const s of evaluation.samples.slice(0, 5)) {
      expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(Math.min(...s.probabilities)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('options', () => {
  it('early stopping ends the run when the validation loss stops improving (with augmentation and standardisation)', async () => {
    const ctx = testContext();
    const config = trainConfig({
      limit: 128,
      epochs: 6,
      optimizer: 'sgd',
      learningRate: 1e-9,
      earlyStopping: { patience: 2, minDelta: 0.01 },
      augment: { shift: 0.1, flip: false, rotateDegrees: 10 },
      normalize: 'standardize',
    });
    const end = await runTraining(command(tinyNet(), config, false), ctx);
    expect(ofType(ctx.events, 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(end).toMatchObject({ earlyStopped: true, stopped: false, epochs: 3, bestEpoch: 1 });
    const norm = ofType(ctx.events, 'start')[0]?.normalization;
    expect(norm?.mean[0]).toBeGreaterThan(0.05);
    expect(norm?.std[0]).toBeGreaterThan(0.1);
  });
});

describe('refusals before training, coded and pointing at the node', () => {
  it('a dataset that does not fit the input: DATASET_SHAPE_MISMATCH on the Input node, with the fix', async () => {
    const ctx = testContext();
    const error = await runTraining(command(tinyNet({ input: [32, 32, 3] }), trainConfig()), ctx).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'DATASET_SHAPE_MISMATCH', nodeId: 'input' });
    expect(String(error.message)).toMatch(/32×32×3.*28×28×1.*Fix:.*set Input to 28×28×1/);
    expect(ofType(ctx.events, 'start')).toHaveLength(0);
  });

  it('an output that does not match the classes: TRAINING_OUTPUT_MISMATCH on the last node', async () => {
    expect(await codeOf(runTraining(command(tinyNet({ classes: 4 }), trainConfig()), testContext()))).toEqual(
      {
        code: 'TRAINING_OUTPUT_MISMATCH',
        nodeId: 'out',
      },
    );
  });

  it('a graph with analysis errors: GRAPH_HAS_ERRORS on the node at fault', async () => {
    const graph = tinyNet();
    const broken = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === 'flatten'
          ? { ...n, kind: 'maxpool2d', params: { size: 40, stride: 1, padding: 'valid' } }
          : n,
      ),
    };
    expect(await codeOf(runTraining(command(broken, trainConfig()), testContext()))).toEqual({
      code: 'GRAPH_HAS_ERRORS',
      nodeId: 'flatten',
    });
  });

  it('a run that cannot fit in memory: TRAINING_OUT_OF_MEMORY_ESTIMATE, with a batch size that would fit', async () => {
    const huge = tinyNet({ input: [512, 512, 3], filters: 64 });
    const error = await runTraining(command(huge, trainConfig({ batchSize: 4096 })), testContext()).catch(
      (e) => e,
    );
    expect(error.code).toBe('TRAINING_OUT_OF_MEMORY_ESTIMATE');
    expect(error.message).toMatch(
      /^Training needs about [\d.]+ GiB .*activations for a batch of 4096 .*: a batch size of \d+ or less would fit\.$/,
    );
  });
});

describe('stop and pause act between two batches', () => {
  it('stop mid-epoch: no further batch, no epoch summary, the model is still saved', async () => {
    const ctx = testContext((event, c) => {
      if (event.type === 'batch' && event.batch === 3) c.control.apply('stop');
    });
    const cmd = command(tinyNet(), trainConfig({ limit: 1024, epochs: 3 }));
    const end = await runTraining(cmd, ctx);
    expect(ofType(ctx.events, 'batch').map((b) => b.batch)).toEqual([1, 2, 3]);
    expect(ofType(ctx.events, 'epoch')).toHaveLength(0);
    expect(end).toMatchObject({ stopped: true, epochs: 0 });
    expect(existsSync(join(cmd.outDir as string, 'model', 'model.json'))).toBe(true);
  });

  it('pause holds the loop; resume continues where it was', async () => {
    let pausedAt = 0;
    const ctx = testContext((event, c) => {
      if (event.type === 'batch' && event.batch === 2 && pausedAt === 0) {
        c.control.apply('pause');
        pausedAt = Date.now();
        setTimeout(() => c.control.apply('resume'), 400);
      }
    });
    const end = await runTraining(command(tinyNet(), trainConfig({ limit: 256 }), false), ctx);
    const batches = ofType(ctx.events, 'batch');
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: batches.length }, (_, i) => i + 1));
    expect((batches[2]?.time ?? 0) - pausedAt).toBeGreaterThanOrEqual(390);
    expect(end.stopped).toBe(false);
    expect(end.modelDir).toBeNull();
  });
});
