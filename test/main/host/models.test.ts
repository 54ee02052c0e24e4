import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../shared/api/runs';
import type { GraphDoc } from '../../../shared/graph/schema';
import { selectBackend } from '../../../main/training/backends/ladder';
import { loadDataset } from '../../../main/training/datasets/load';
import { mnistCnn, saveTfjs } from '../../fixtures/import/tfjs-models';
import { call, expectCode, expectValue, makeHost, tempDirs } from './helpers';

/**
 * A model trained elsewhere (here: by TensorFlow.js in the test, saved as a tfjs layers model with two weight
 * shards) imported through the host API with its weights and evaluated on MNIST without training: the
 * accuracy the host reports is the one tfjs computes directly with the trained model on the same images.
 */
const dirs = tempDirs();
const { host, emitted } = makeHost(dirs);
const TEST_IMAGES = 2000;
let trained: tf.Sequential;
let modelPath = '';

interface Imported {
  graph: GraphDoc;
  report: { faithful: boolean; params: number; fileParams: number | null };
  importId: string | null;
  weights: { status: string; reinitialised: string[]; message?: string };
}

beforeAll(async () => {
  // Stride's own wasm kernels train the tfjs model in seconds (tfjs's plain CPU kernels take minutes).
  await selectBackend('wasm');
  const mnist = loadDataset('mnist', { seed: 1, inputShape: [28, 28, 1] });
  const n = 3000;
  const xs = tf.tensor4d(mnist.train.images.subarray(0, n * 784), [n, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(mnist.train.labels.subarray(0, n), 'int32'), 10);
  trained = mnistCnn(3);
  trained.compile({
    optimizer: tf.train.adam(0.003),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  await trained.fit(xs, ys, { epochs: 2, batchSize: 50, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  mkdirSync(dirs.projectsDir, { recursive: true });
  modelPath = await saveTfjs(trained, join(dirs.projectsDir, 'mnist-cnn'), 2);
}, 180_000);

afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

describe('models.import and models.evaluate', () => {
  it('imports a trained tfjs model with its shards and evaluates it on MNIST: the accuracy tfjs computes', async () => {
    const imported = await expectValue<Imported>(call(host, 'models', 'import', { path: modelPath }));
    expect(imported.report.faithful).toBe(true);
    expect(imported.report.params).toBe(trained.countParams());
    expect(imported.report.fileParams).toBe(trained.countParams());
    expect(imported.weights).toEqual({ status: 'kept', reinitialised: [] });
    expect(imported.importId).not.toBeNull();
    expect(imported.graph.meta?.importId).toBe(imported.importId);

    const evaluation = await expectValue<Evaluation>(
      call(host, 'models', 'evaluate', {
        source: { kind: 'import', importId: imported.importId },
        dataset: 'mnist',
        limit: TEST_IMAGES,
      }),
    );
    // What tfjs itself computes with the trained model on the same test images.
    const mnist = loadDataset('mnist', { seed: 1, inputShape: [28, 28, 1] });
    const probs = tf.tidy(
      () =>
        trained.predict(
          tf.tensor4d(mnist.test.images.subarray(0, TEST_IMAGES * 784), [TEST_IMAGES, 28, 28, 1]),
        ) as tf.Tensor,
    );
    const rows = (await probs.array()) as number[][];
    probs.dispose();
    const predicted = rows.map((r) => r.indexOf(Math.max(...r)));
    const labels = Array.from(mnist.test.labels.subarray(0, TEST_IMAGES));
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / TEST_IMAGES;
    expect(accuracy).toBeGreaterThan(0.75); // trained, not chance
    expect(evaluation.testSize).toBe(TEST_IMAGES);
    expect(evaluation.testAccuracy).toBe(accuracy);
    expect(evaluation.predicted).toEqual(predicted);
    expect(evaluation.labels).toEqual(labels);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(TEST_IMAGES);
    for (const s of evaluation.samples.slice(0, 5))
      for (const [k, p] of s.probabilities.entries()) expect(p).toBeCloseTo(rows[s.index]?.[k] ?? NaN, 4);
  }, 120_000);

  it('training starts from the imported weights (config.initialWeights); the start event names the frozen layer', async () => {
    const imported = await expectValue<Imported>(call(host, 'models', 'import', { path: modelPath }));
    const last = imported.graph.nodes.at(-1);
    // Freeze the first convolution; train the rest for one short epoch.
    const firstConv = imported.graph.nodes.find((n) => n.kind === 'conv2d');
    const graph = {
      ...imported.graph,
      nodes: imported.graph.nodes.map((n) => (n === firstConv ? { ...n, trainable: false } : n)),
    };
    const { runId } = await expectValue<{ runId: string }>(
      call(host, 'training', 'start', {
        graph,
        config: {
          dataset: 'mnist-10k',
          epochs: 1,
          limit: 128,
          backend: 'wasm',
          initialWeights: { kind: 'import', importId: imported.importId },
        },
      }),
    );
    const events = () =>
      emitted
        .filter((e) => e.event === 'training' && (e.payload as { runId: string }).runId === runId)
        .map((e) => (e.payload as { event: Record<string, unknown> }).event);
    const deadline = Date.now() + 90_000;
    while (!events().some((e) => e.type === 'end' || e.type === 'error')) {
      if (Date.now() > deadline) throw new Error('the run did not end');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events().at(-1)?.type).toBe('end');
    const start = events().find((e) => e.type === 'start');
    expect(start?.initialWeights).toEqual({ loaded: trained.weights.length, reinitialised: [] });
    expect(start?.frozen).toEqual([expect.stringMatching(/conv2d/)]);
    expect(last?.kind).toBe('dense');
    await expectCode(
      call(host, 'training', 'start', {
        graph,
        config: { dataset: 'mnist-10k', initialWeights: { kind: 'run', runId: 'no-such-run' } },
      }),
      'RUN_NOT_FOUND',
    );
  }, 120_000);

  it('the page uploads model.json with its shards (no host path): the same import, weights kept', async () => {
    const dir = join(dirs.projectsDir, 'mnist-cnn');
    const upload = {
      name: 'model.json',
      modelJson: readFileSync(modelPath, 'utf8'),
      shards: ['group1-shard1of2.bin', 'group1-shard2of2.bin'].map((name) => ({
        name,
        base64: readFileSync(join(dir, name)).toString('base64'),
      })),
    };
    const imported = await expectValue<Imported>(call(host, 'models', 'import', { upload }));
    expect(imported.weights).toEqual({ status: 'kept', reinitialised: [] });
    expect(imported.report.params).toBe(trained.countParams());
    // Neither both nor none.
    await expectCode(call(host, 'models', 'import', { upload, path: modelPath }), 'API_BAD_REQUEST');
    await expectCode(
      call(host, 'models', 'import', { upload: { ...upload, shards: [{ name: '../x.bin', base64: '' }] } }),
      'API_BAD_REQUEST',
    );
  });

  it('a model.json whose shards are missing imports its graph and says the weights are missing', async () => {
    const dir = join(dirs.projectsDir, 'no-shards');
    mkdirSync(dir, { recursive: true });
    const text = readFileSync(modelPath, 'utf8');
    writeFileSync(join(dir, 'model.json'), text);
    const imported = await expectValue<Imported>(
      call(host, 'models', 'import', { path: join(dir, 'model.json') }),
    );
    expect(imported.importId).toBeNull();
    expect(imported.weights.status).toBe('missing');
    expect(imported.weights.message).toMatch(/group1-shard1of2\.bin/);
  });

  it('refusals keep their codes and name the layers; evaluating an unknown import is IMPORT_NO_WEIGHTS', async () => {
    const graph = join(dirs.projectsDir, 'graph-model.json');
    writeFileSync(
      graph,
      JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }),
    );
    expect(await expectCode(call(host, 'models', 'import', { path: graph }), 'IMPORT_GRAPH_MODEL')).toMatch(
      /graph model/,
    );
    const json = JSON.parse(readFileSync(modelPath, 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    };
    json.modelTopology.config.layers.splice(2, 0, {
      class_name: 'GaussianNoise',
      config: { name: 'noise', stddev: 0.1 },
    });
    const bad = join(dirs.projectsDir, 'mnist-cnn', 'noise.json');
    writeFileSync(bad, JSON.stringify(json));
    expect(await expectCode(call(host, 'models', 'import', { path: bad }), 'IMPORT_NOT_FAITHFUL')).toContain(
      'noise',
    );
    const lenient = await expectValue<Imported>(call(host, 'models', 'import', { path: bad, lenient: true }));
    expect(lenient.report.faithful).toBe(false);
    expect(lenient.graph.description).toMatch(/Approximate import/);
    const h5 = join(dirs.projectsDir, 'model.h5');
    writeFileSync(h5, 'HDF');
    await expectCode(call(host, 'models', 'import', { path: h5 }), 'IMPORT_KERAS_BINARY');
    await expectCode(
      call(host, 'models', 'evaluate', { source: { kind: 'import', importId: 'nope' }, dataset: 'mnist' }),
      'IMPORT_NO_WEIGHTS',
    );
  });
});
