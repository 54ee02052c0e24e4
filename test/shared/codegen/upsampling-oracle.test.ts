import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import type { LayerKind } from '../../../shared/layers/types';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { ChainBuilder } from '../../../shared/presets/builder';
import { buildModel } from '../../../main/training/model/build';
import { skipWithReason } from '../../setup/skip';
import { runPython, torchMissing } from './python';

/**
 * Conv2DTranspose and UpSampling2D against PyTorch: each graph ends in the layer under test (no softmax, so the
 * raw values are compared), tfjs builds it with random weights and biases, the exported file loads the same
 * weights with its own load_keras_weights, and PyTorch must give the same shape and the same numbers within
 * 1e-5 of the output's largest magnitude. Every padding form is here: Keras 'valid'/'same' (odd crop at the
 * bottom, and kernels smaller than the stride, which append rows), PyTorch's P with output_padding (from the
 * crop and past the full output), an uneven [t, b, l, r] crop, dilation, rectangular kernels and strides;
 * nearest and bilinear up-sampling at square and rectangular factors.
 */
type Params = Record<string, GraphNode['params'][string]>;

function chain(id: string, input: readonly number[], layers: readonly [LayerKind, Params][]): GraphDoc {
  const b = new ChainBuilder().add('input', 'input', { shape: [...input] });
  layers.forEach(([kind, params], i) => b.add(`l${i}`, kind, params));
  return b.build(id, '', {});
}

const convT = (params: Params): [LayerKind, Params] => [
  'conv2dtranspose',
  { filters: 3, activation: 'linear', ...params },
];

const CASES: readonly { id: string; doc: GraphDoc; torch?: RegExp }[] = [
  { id: 'valid-k3-s2', doc: chain('a', [5, 6, 2], [convT({ kernel: 3, stride: 2, padding: 'valid' })]) },
  {
    id: 'same-k3-s2-odd-crop',
    doc: chain('a', [5, 4, 2], [convT({ kernel: 3, stride: 2, padding: 'same' })]),
  },
  { id: 'same-k4-s2', doc: chain('a', [4, 4, 3], [convT({ kernel: 4, stride: 2, padding: 'same' })]) },
  {
    id: 'valid-k1-s3-appends',
    doc: chain('a', [4, 3, 2], [convT({ kernel: 1, stride: 3, padding: 'valid' })]),
  },
  {
    id: 'same-k2-s3-appends',
    doc: chain('a', [3, 4, 2], [convT({ kernel: 2, stride: 3, padding: 'same' })]),
  },
  {
    id: 'pytorch-p1-op1',
    doc: chain('a', [5, 5, 2], [convT({ kernel: 3, stride: 2, padding: 1, outputPadding: 1 })]),
    torch: /nn\.ConvTranspose2d\(2, 3, kernel_size=3, stride=2, padding=1, output_padding=1\)\n/,
  },
  {
    id: 'pytorch-p0-op1-past-full',
    doc: chain('a', [4, 4, 2], [convT({ kernel: 3, stride: 2, padding: 0, outputPadding: 1 })]),
  },
  {
    id: 'dilated-p1-op2',
    doc: chain('a', [6, 5, 2], [convT({ kernel: 3, stride: 1, padding: 1, outputPadding: 2, dilation: 3 })]),
    torch: /padding=1, output_padding=2, dilation=3\)/,
  },
  {
    id: 'dilated-same-s2',
    doc: chain('a', [4, 5, 2], [convT({ kernel: 3, stride: 2, padding: 'same', dilation: 2 })]),
  },
  {
    id: 'uneven-crop',
    doc: chain(
      'a',
      [5, 4, 2],
      [convT({ kernel: 4, stride: 2, padding: [0, 2, 1, 0], outputPadding: [1, 0] })],
    ),
  },
  {
    id: 'rectangular-tanh-nobias',
    doc: chain(
      'a',
      [4, 5, 3],
      [
        convT({
          kernel: [3, 2],
          stride: [2, 1],
          padding: 1,
          outputPadding: [1, 0],
          activation: 'tanh',
          useBias: false,
        }),
      ],
    ),
  },
  { id: 'nearest-2', doc: chain('a', [3, 4, 2], [['upsampling2d', { size: 2 }]]) },
  { id: 'nearest-2x3', doc: chain('a', [3, 4, 2], [['upsampling2d', { size: [2, 3] }]]) },
  {
    id: 'bilinear-2',
    doc: chain('a', [4, 3, 2], [['upsampling2d', { size: 2, interpolation: 'bilinear' }]]),
  },
  {
    id: 'bilinear-3x2',
    doc: chain('a', [3, 5, 2], [['upsampling2d', { size: [3, 2], interpolation: 'bilinear' }]]),
  },
  {
    id: 'decoder',
    doc: chain(
      'a',
      [8, 8, 1],
      [
        ['conv2d', { filters: 4, kernel: 3, stride: 2, padding: 'same', activation: 'relu' }],
        convT({ filters: 4, kernel: 2, stride: 2, padding: 'valid', activation: 'relu' }),
        ['upsampling2d', { size: 2, interpolation: 'bilinear' }],
        convT({ filters: 2, kernel: 3, stride: 1, padding: 1, activation: 'sigmoid' }),
      ],
    ),
  },
];

interface OracleResult {
  readonly shape?: number[];
  readonly output?: number[];
  readonly roundTrip?: boolean;
  readonly error?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'stride-upsampling-'));
const expected = new Map<string, { shape: number[]; output: number[]; source: string }>();
let results: Record<string, OracleResult> | null = null;
let skipReason: string | null = null;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const manifest: unknown[] = [];
  for (const [index, { id, doc }] of CASES.entries()) {
    const analysis = analyzeGraph(doc);
    if (!analysis.ok) throw new Error(`${id}: ${JSON.stringify(analysis.diagnostics[0])}`);
    const py = toPyTorch(doc, { training: false });
    if (!py.ok) throw new Error(`${id}: ${py.error.message}`);
    const path = join(dir, `${id.replace(/-/g, '_')}.py`);
    writeFileSync(path, py.value);
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    const model = buildModel(topology.value);
    try {
      // Random kernels and biases, shared with PyTorch through the file's load_keras_weights.
      for (const layer of model.layers) {
        if (layer.weights.length === 0) continue;
        const values = layer.weights.map((w, i) =>
          tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', 100 * index + i),
        );
        layer.setWeights(values);
        tf.dispose(values);
      }
      const weights: Record<string, unknown[]> = {};
      for (const layer of model.layers)
        if (layer.weights.length > 0) weights[layer.name] = layer.getWeights().map((w) => w.arraySync());
      const shape = model.inputs[0]?.shape.slice(1) as number[];
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 7 + index);
      const y = model.predict(x) as tf.Tensor;
      manifest.push({ id, path, weights, input: x.arraySync() });
      expected.set(id, { shape: y.shape, output: Array.from(y.dataSync()), source: py.value });
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  }
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  skipReason = torchMissing();
  if (skipReason !== null) return;
  const run = runPython([join(__dirname, 'torch_oracle.py'), manifestPath], { timeoutMs: 300_000 });
  skipReason = torchMissing(run);
  if (skipReason !== null) return;
  if (run.status !== 0) throw new Error(`torch oracle failed (${run.status}): ${run.stderr.slice(-2000)}`);
  results = JSON.parse(run.stdout) as Record<string, OracleResult>;
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Conv2DTranspose and UpSampling2D: PyTorch computes what tfjs computes', () => {
  for (const { id, torch } of CASES) {
    it(`${id}: same shape, same values (≤ 1e-5 relative), weights port both ways`, (ctx) => {
      const want = expected.get(id);
      if (torch !== undefined) expect(want?.source).toMatch(torch);
      if (skipReason !== null) return skipWithReason(ctx, skipReason);
      const got = results?.[id];
      expect(got?.error).toBeUndefined();
      expect(got?.shape).toEqual(want?.shape);
      const ref = want?.output ?? [];
      const scale = Math.max(...ref.map(Math.abs));
      const diff = Math.max(...ref.map((v, i) => Math.abs(v - (got?.output?.[i] ?? Number.NaN))));
      expect(scale).toBeGreaterThan(0.1);
      expect({ id, relative: diff / scale <= 1e-5 ? 'ok' : diff / scale }).toEqual({ id, relative: 'ok' });
      expect(got?.roundTrip).toBe(true);
    });
  }

  it('bilinear differs from PyTorch’s half-pixel F.interpolate (why the export has its own helper)', () => {
    // tfjs samples output pixel i at i/s: for [0, 1] up-sampled ×2 that is 0, 0.5, 1, 1 (the last repeats);
    // F.interpolate(align_corners=False) gives 0, 0.25, 0.75, 1.
    const y = tf.tidy(() =>
      Array.from(tf.image.resizeBilinear(tf.tensor4d([0, 1], [1, 1, 2, 1]), [1, 4]).dataSync()),
    );
    expect(y).toEqual([0, 0.5, 1, 1]);
  });
});
