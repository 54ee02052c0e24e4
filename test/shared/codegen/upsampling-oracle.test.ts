import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { buildModel } from '../../../main/training/model/build';
import { skipWithReason } from '../../setup/skip';
import { runPython, torchMissing } from './python';
import { UPSAMPLING_CASES as CASES } from './upsampling-cases';

/**
 * Conv2DTranspose and UpSampling2D against PyTorch: each graph ends in the layer under test (no softmax, so the
 * raw values are compared), tfjs builds it with random weights and biases, the exported file loads the same
 * weights with its own load_keras_weights, and PyTorch must give the same shape and the same numbers within
 * 1e-5 of the output's largest magnitude. Every padding form is here: Keras 'valid'/'same' (odd crop at the
 * bottom, and kernels smaller than the stride, which append rows), PyTorch's P with output_padding (from the
 * crop and past the full output), an uneven [t, b, l, r] crop, dilation, rectangular kernels and strides;
 * nearest and bilinear up-sampling at square and rectangular factors.
 */
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
