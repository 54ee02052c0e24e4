import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { getPreset } from '../../../shared/presets';
import { ChainBuilder } from '../../../shared/presets/builder';
import { buildModel } from '../../../main/training/model/build';
import { skipWithReason } from '../../setup/skip';
import { body } from './corpus';
import { runPython, torchMissing } from './python';

/**
 * The PyTorch oracle for grouped, depthwise and separable convolutions and ReLU6: small graphs built by tfjs
 * with random weights (kernels included), their PyTorch export loaded with those weights by its own
 * load_keras_weights, both run on the same input — outputs within 1e-5 relative, and keras_weights gives the
 * arrays back exactly. And the exported ResNeXt-50 and MobileNet v2 have torchvision's parameter counts.
 */
const dir = mkdtempSync(join(tmpdir(), 'stride-pytorch-convs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dw = (o: Record<string, unknown> = {}) => ({
  kernel: 3,
  stride: 1,
  padding: 'same',
  depthMultiplier: 1,
  activation: 'linear',
  useBias: true,
  ...o,
});

/** Every form: 'same' stride 2 on an even size (TensorFlow's uneven padding), M = 3, explicit pads, g = 3, a dilated grouped conv. */
function chainGraph(): GraphDoc {
  return new ChainBuilder()
    .add('input', 'input', { shape: [24, 20, 3] })
    .add('dw1', 'depthwiseconv2d', dw({ stride: 2, depthMultiplier: 3, activation: 'relu6' }))
    .add('grouped', 'conv2d', { filters: 6, kernel: 3, padding: 'same', groups: 3, activation: 'relu' })
    .add('dw2', 'depthwiseconv2d', dw({ kernel: [3, 2], padding: [1, 0, 0, 1], useBias: false }))
    .add('sep', 'separableconv2d', { filters: 5, kernel: 3, stride: 2, padding: 'same', depthMultiplier: 2 })
    .add('relu6', 'activation', { activation: 'relu6', alpha: 0 })
    .add('dilated', 'conv2d', { filters: 10, kernel: 3, dilation: 2, padding: 'valid', groups: 5 })
    .add('flatten', 'flatten')
    .add('out', 'dense', { units: 7, activation: 'linear', useBias: true })
    .build('grouped and depthwise', '', {});
}

/** A depthwise convolution inside a user block used on 4 and 8 channels (the class's in_channels · M). */
function blockGraph(): GraphDoc {
  const doc = new ChainBuilder()
    .add('input', 'input', { shape: [9, 9, 4] })
    .add('b1', 'group', { blockId: 'dws' })
    .add('b2', 'group', { blockId: 'dws' })
    .add('gap', 'globalavgpool')
    .add('out', 'dense', { units: 3, activation: 'linear', useBias: true })
    .build('depthwise in a block', '', {});
  const dws = body([
    ['dw', 'depthwiseconv2d', dw({ depthMultiplier: 2, activation: 'relu6' }), ['in']],
    ['bn', 'batchnorm', {}, ['dw']],
  ]);
  return { ...doc, blocks: { dws: { name: 'dws', body: dws } } };
}

const GRAPHS: Record<string, () => GraphDoc> = { chain: chainGraph, block: blockGraph };
const expected = new Map<string, number[]>();
let results: Record<string, { trainable?: number; output?: number[]; roundTrip?: boolean; error?: string }> =
  {};
let torchvision: Record<string, number> = {};
let reason: string | null = null;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const manifest: unknown[] = [];
  for (const [id, make] of Object.entries(GRAPHS)) {
    const doc = make();
    const analysis = analyzeGraph(doc);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const topology = toKerasTopology(doc, analysis);
    const py = toPyTorch(doc);
    if (!topology.ok || !py.ok) throw new Error(`${id}: not exportable`);
    const path = join(dir, `${id}.py`);
    writeFileSync(path, py.value);
    const model = buildModel(topology.value);
    let seed = 10;
    for (const layer of model.layers) {
      const values = layer.weights.map((w) => {
        seed += 1;
        const name = w.originalName.split('/').pop() ?? '';
        return name === 'moving_variance' || name === 'gamma'
          ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed)
          : tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', seed);
      });
      if (values.length > 0) layer.setWeights(values);
      tf.dispose(values);
    }
    const weights: Record<string, unknown[]> = {};
    for (const layer of model.layers)
      if (layer.weights.length > 0) weights[layer.name] = layer.getWeights().map((w) => w.arraySync());
    const shape = model.inputs[0]?.shape.slice(1) as number[];
    const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 7);
    const y = model.predict(x) as tf.Tensor;
    expected.set(id, Array.from(y.dataSync()));
    manifest.push({ id, path, weights, input: x.arraySync() });
    tf.dispose([x, y]);
    model.dispose();
  }
  for (const id of ['resnext50', 'mobilenet-v2']) {
    const py = toPyTorch(getPreset(id)?.build() as GraphDoc);
    if (!py.ok) throw new Error(`${id}: ${py.error.message}`);
    const path = join(dir, `${id.replace('-', '_')}.py`);
    writeFileSync(path, py.value);
    manifest.push({ id, path });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  reason = torchMissing();
  if (reason !== null) return;
  const run = runPython([join(__dirname, 'torch_oracle.py'), join(dir, 'manifest.json')]);
  reason = torchMissing(run);
  if (reason !== null) return;
  if (run.status !== 0) throw new Error(`torch oracle failed: ${run.stderr.slice(-2000)}`);
  results = JSON.parse(run.stdout) as typeof results;
  const tv = runPython([
    '-c',
    'import json, torchvision.models as m; count = lambda f: sum(p.numel() for p in f(weights=None).parameters()); ' +
      'print(json.dumps({"resnext50": count(m.resnext50_32x4d), "mobilenet-v2": count(m.mobilenet_v2)}))',
  ]);
  reason = torchMissing(tv);
  if (reason !== null) return;
  if (tv.status !== 0) throw new Error(`torchvision failed: ${tv.stderr.slice(-2000)}`);
  torchvision = JSON.parse(tv.stdout) as Record<string, number>;
}, 600_000);

describe('PyTorch export of grouped, depthwise and separable convolutions and ReLU6', () => {
  for (const id of Object.keys(GRAPHS))
    it(`${id}: PyTorch computes what tfjs computes with the same weights (≤ 1e-5 relative)`, (ctx) => {
      if (reason !== null) return skipWithReason(ctx, reason);
      const got = results[id];
      expect(got?.error).toBeUndefined();
      const want = expected.get(id) ?? [];
      const out = got?.output ?? [];
      expect(out.length).toBe(want.length);
      const scale = Math.max(...want.map(Math.abs));
      const worst = Math.max(...want.map((v, i) => Math.abs(v - (out[i] ?? NaN))));
      expect(scale).toBeGreaterThan(0.1);
      expect(worst / scale).toBeLessThan(1e-5);
      expect(got?.trainable).toBe(analyzeGraph(GRAPHS[id]!()).totals.trainableParams);
      expect(got?.roundTrip).toBe(true);
    });

  for (const id of ['resnext50', 'mobilenet-v2'])
    it(`${id}: the exported Model() has torchvision's parameter count`, (ctx) => {
      if (reason !== null) return skipWithReason(ctx, reason);
      expect(results[id]?.error).toBeUndefined();
      expect(torchvision[id]).toBe(id === 'resnext50' ? 25_028_904 : 3_504_872);
      expect(results[id]?.trainable).toBe(torchvision[id]);
    });
});
