import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { toTypeScript } from '../../../shared/codegen/typescript';
import type { GraphDoc } from '../../../shared/graph/schema';
import { ChainBuilder } from '../../../shared/presets/builder';
import { compareModel } from '../../main/training/model/compare';
import { buildModel as buildReference } from '../../../main/training/model/build';
import { exportCorpus, isPreset } from './corpus';
import { loadGenerated } from './run-generated';
import { typeCheck } from './ts-program';

const corpus = exportCorpus(60);
const code = new Map<string, string>();

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  for (const { id, doc } of corpus) {
    const ts = toTypeScript(doc);
    if (!ts.ok) throw new Error(`${id}: ${ts.error.message}`);
    code.set(id, ts.value);
  }
});

describe('TypeScript export', () => {
  it('type-checks under strict settings against @tensorflow/tfjs (all exports in one program)', () => {
    const started = performance.now();
    const sources = new Map([...code].map(([id, text]) => [`${id.replace(/[^a-z0-9]/gi, '_')}.ts`, text]));
    const diagnostics = typeCheck(sources, join(__dirname, '.generated'));
    console.log(`tsc: ${sources.size} exported modules in ${Math.round(performance.now() - started)} ms`);
    expect(diagnostics).toEqual([]);
  });

  it.each(corpus.map((c) => [c.id, c] as const))(
    '%s: the executed code builds what the analysis predicts',
    (id, { doc }) => {
      const analysis = analyzeGraph(doc);
      const topology = toKerasTopology(doc, analysis);
      if (!topology.ok) throw new Error(topology.error.message);
      const started = performance.now();
      const random = !isPreset(id); // small graphs: random ones and awkward-names
      const model = loadGenerated(code.get(id) as string, tf, { zeroInit: !random }).buildModel();
      try {
        expect(compareModel(model, topology.value, analysis)).toEqual([]);
        expect(model.layers.map((l) => l.name).sort()).toEqual(
          topology.value.layers.map((l) => l.name).sort(),
        );
        expect(model.countParams()).toBe(analysis.totals.params);
        // Small graphs: the same numbers as the model Stride trains (main/training/model/build.ts), given
        // the same weights — padding, custom layers and merge order included.
        if (random) expect(maxDifference(model, buildReference(topology.value))).toBeLessThan(1e-4);
      } finally {
        model.dispose();
      }
      if (performance.now() - started > 1000)
        console.log(`${id}: built in ${Math.round(performance.now() - started)} ms`);
    },
  );
});

describe('TypeScript export: train()', () => {
  // LeNet-5, and a small net with both custom layers (their gradients go through tfjs ops). No BatchNorm
  // without center/scale: tfjs-layers 4.22 cannot train one (its training path reads gamma and beta
  // unconditionally).
  const custom = new ChainBuilder()
    .add('input', 'input', { shape: [12, 12, 3] })
    .add('conv', 'conv2d', { filters: 4, kernel: 3, padding: [1, 0, 2, 1] })
    .add('norm', 'lrn', { size: 3 })
    .add('pool', 'minpool2d', { size: 2, stride: 2, padding: 'same' })
    .add('flatten', 'flatten')
    .add('output', 'dense', { units: 3, activation: 'softmax' })
    .build('custom layers', '', {});
  const docs: Record<string, GraphDoc | undefined> = {
    lenet5: corpus.find((c) => c.id === 'lenet5')?.doc,
    custom,
  };
  it.each(['lenet5', 'custom'])('%s: train() compiles with the chosen optimizer and fits', async (id) => {
    const doc = docs[id];
    if (doc === undefined) throw new Error(id);
    const ts = toTypeScript(doc, {
      training: { optimizer: 'momentum', learningRate: 0.05, epochs: 2, batchSize: 4 },
    });
    if (!ts.ok) throw new Error(ts.error.message);
    expect(ts.value).toContain('tf.train.momentum(learningRate, 0.9)');
    const generated = loadGenerated(ts.value, tf);
    const model = generated.buildModel();
    const shape = model.inputs[0]?.shape.slice(1) as number[];
    const xs = tf.randomUniform([8, ...shape], 0, 1, 'float32', 1);
    const classes = model.outputs[0]?.shape[1] as number;
    const ys = tf.oneHot(
      tf.tensor1d(
        [0, 1, 2, 3, 4, 5, 6, 7].map((i) => i % classes),
        'int32',
      ),
      classes,
    );
    const epochs: number[] = [];
    try {
      const history = await generated.train?.(
        model,
        { xs, ys },
        { onEpochEnd: (e: number) => epochs.push(e) },
      );
      expect(epochs).toEqual([0, 1]);
      expect(history?.history.loss?.every((l) => Number.isFinite(Number(l)))).toBe(true);
      expect((model.optimizer as unknown as { getClassName(): string }).getClassName()).toBe('Momentum');
    } finally {
      tf.dispose([xs, ys]);
      model.dispose();
    }
  });
});

describe("TypeScript export: train() with the app's defaults", () => {
  it('Adam 0.002, batch 32, 3 epochs, 10 % validation, the learning rate along a cosine over the epochs', async () => {
    // A tiny network: the arithmetic of the schedule is the point, not the training.
    const doc = new ChainBuilder()
      .add('input', 'input', { shape: [8, 8, 1] })
      .add('conv', 'conv2d', { filters: 2, kernel: 3 })
      .add('flatten', 'flatten')
      .add('output', 'dense', { units: 10, activation: 'softmax' })
      .build('tiny', '', {});
    const ts = toTypeScript(doc);
    if (!ts.ok) throw new Error(ts.error.message);
    for (const text of [
      'options.epochs ?? 3',
      'options.batchSize ?? 32',
      'options.learningRate ?? 0.002',
      'options.validationSplit ?? 0.1',
      'tf.train.adam(learningRate)',
    ])
      expect(ts.value).toContain(text);
    const generated = loadGenerated(ts.value, tf);
    const model = generated.buildModel();
    const xs = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const rates: number[] = [];
    try {
      await generated.train?.(
        model,
        { xs, ys },
        {
          epochs: 4,
          onEpochEnd: () => rates.push((model.optimizer as unknown as { learningRate: number }).learningRate),
        },
      );
      // Epoch e of E at 0.002·(1 + cos(π·e/E))/2: what the app's runs do.
      expect(rates.map((r) => Number(r.toFixed(6)))).toEqual([0.002, 0.001707, 0.001, 0.000293]);
    } finally {
      tf.dispose([xs, ys]);
      model.dispose();
    }
  });
});

/** Copies the reference's weights into `model` by layer name, runs both on one input, disposes the reference. */
function maxDifference(model: tf.LayersModel, reference: tf.LayersModel): number {
  try {
    for (const layer of reference.layers) model.getLayer(layer.name).setWeights(layer.getWeights());
    const shape = model.inputs[0]?.shape.slice(1) as number[];
    return tf.tidy(() => {
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 7);
      const a = model.predict(x) as tf.Tensor;
      const b = reference.predict(x) as tf.Tensor;
      expect(a.shape).toEqual(b.shape);
      return a.sub(b).abs().max().dataSync()[0] as number;
    });
  } finally {
    reference.dispose();
  }
}
