import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../../shared/codegen/keras-topology';
import { buildModel } from '../../../../main/training/model/build';
import '../../../../main/training/model/custom-layers';
import { chain } from '../../../shared/analysis/helpers';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const doc = chain([
  ['input', 'input', { shape: [6, 6, 3] }],
  ['pad', 'conv2d', { filters: 4, kernel: 3, padding: [1, 0, 2, 1], activation: 'leaky_relu' }],
  ['norm', 'lrn', { size: 3 }],
  ['minpool', 'minpool2d', { size: 2, stride: 2, padding: 'same' }],
  ['flat', 'flatten'],
  ['out', 'dense', { units: 3, activation: 'softmax' }],
]);

describe('custom layers and padding compilation', () => {
  it('compiles explicit padding to ZeroPadding2D + valid, and leaky relu to a LeakyReLU layer', () => {
    const topology = toKerasTopology(doc);
    if (!topology.ok) throw new Error(topology.error.message);
    const layers = topology.value.layers.map((l) => [l.className, l.config.padding ?? null]);
    expect(layers.slice(1, 4)).toEqual([
      [
        'ZeroPadding2D',
        [
          [1, 0],
          [2, 1],
        ],
      ],
      ['Conv2D', 'valid'],
      ['LeakyReLU', null],
    ]);
    expect(topology.value.layers.map((l) => l.className)).toContain('StrideLRN');
    expect(topology.value.layers.map((l) => l.className)).toContain('StrideMinPool2D');
  });

  it("uses 'same' for explicit pads that equal what 'same' would apply (3×3, pad 1, stride 1)", () => {
    const t = toKerasTopology(
      chain([
        ['input', 'input', { shape: [8, 8, 1] }],
        ['c', 'conv2d', { padding: 1 }],
        ['f', 'flatten'],
      ]),
    );
    expect(t.ok && t.value.layers.map((l) => l.className)).toEqual(['InputLayer', 'Conv2D', 'Flatten']);
  });

  it('min pooling computes −max(−x) and LRN matches the AlexNet formula (α divided by n)', () => {
    const x = tf.tensor4d([1, 5, -2, 3, 4, 0, 7, -1, 2, 2, 9, 8, 6, 5, 3, 1], [1, 4, 4, 1]);
    const t = toKerasTopology(
      chain([
        ['input', 'input', { shape: [4, 4, 1] }],
        ['m', 'minpool2d', {}],
        ['f', 'flatten'],
      ]),
    );
    if (!t.ok) throw new Error(t.error.message);
    const model = buildModel(t.value);
    const y = model.predict(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([0, -2, 2, 1]);
    model.dispose();
    y.dispose();
    x.dispose();

    const channels = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    const lrn = toKerasTopology(
      chain([
        ['input', 'input', { shape: [1, 1, 3] }],
        ['n', 'lrn', { size: 3, alpha: 0.3, beta: 0.75, k: 2 }],
        ['f', 'flatten'],
      ]),
    );
    if (!lrn.ok) throw new Error(lrn.error.message);
    const m2 = buildModel(lrn.value);
    const out = Array.from((m2.predict(channels) as tf.Tensor).dataSync());
    // b_c = a_c / (k + α/n · Σ_{c' within n/2} a_c'²)^β
    const expected = [1, 2, 3].map((a, c, all) => {
      const sum = all.slice(Math.max(0, c - 1), c + 2).reduce((s, v) => s + v * v, 0);
      return a / (2 + (0.3 / 3) * sum) ** 0.75;
    });
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? 0, 5));
    m2.dispose();
    channels.dispose();
  });

  it('saves and loads back a model that uses both custom layers', async () => {
    const analysis = analyzeGraph(doc);
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    const model = buildModel(topology.value);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(artifacts).not.toBeNull();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
    const x = tf.ones([1, 6, 6, 3]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.countParams()).toBe(analysis.totals.params);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
