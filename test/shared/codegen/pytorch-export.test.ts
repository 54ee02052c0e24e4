import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { buildModel } from '../../../main/training/model/build';
import { skipWithReason } from '../../setup/skip';
import { exportCorpus, isPreset } from './corpus';
import { runPython, torchMissing } from './python';

/**
 * The PyTorch export run by PyTorch itself (Debian's python3-torch), all files in one Python process: every
 * preset must construct with no arguments, have the analysis' trainable parameter count and produce the
 * analysis' output shape; for 40 random graphs the tfjs model Stride trains is built with random weights,
 * the weights are ported with the file's own load_keras_weights, and both must compute the same outputs.
 */
interface OracleResult {
  readonly trainable?: number;
  readonly shape?: number[];
  readonly inputShape?: number[];
  readonly output?: number[];
  /** keras_weights(model) gave back exactly the arrays load_keras_weights loaded. */
  readonly roundTrip?: boolean;
  readonly seconds?: number;
  readonly error?: string;
}

const corpus = exportCorpus(40);
const dir = mkdtempSync(join(tmpdir(), 'stride-pytorch-'));
const expected = new Map<string, { analysis: GraphAnalysis; output?: number[] }>();
let results: Record<string, OracleResult> | null = null;
let skipReason: string | null = null;

/** Random but tame weights (kernels keep tfjs's Glorot init) so outputs stay comparable in float32. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) =>
      tf.tidy(() => {
        s += 1;
        const name = w.originalName.split('/').pop() ?? '';
        if (name === 'kernel') return w.read().clone();
        if (name === 'gamma' || name === 'moving_variance')
          return tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', s);
        return tf.randomNormal(w.shape as number[], 0, 0.1, 'float32', s);
      }),
    );
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const manifest: unknown[] = [];
  for (const { id, doc } of corpus) {
    const analysis = analyzeGraph(doc);
    const py = toPyTorch(doc);
    if (!py.ok) throw new Error(`${id}: ${py.error.message}`);
    const path = join(dir, `${id.replace(/-/g, '_')}.py`);
    writeFileSync(path, py.value);
    if (isPreset(id)) {
      manifest.push({ id, path });
      expected.set(id, { analysis });
      continue;
    }
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    const model = buildModel(topology.value);
    try {
      randomizeWeights(model, id.length * 97);
      const weights: Record<string, unknown[]> = {};
      for (const layer of model.layers) {
        if (layer.weights.length > 0) weights[layer.name] = layer.getWeights().map((w) => w.arraySync());
      }
      const shape = model.inputs[0]?.shape.slice(1) as number[];
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 3);
      const y = model.predict(x) as tf.Tensor;
      manifest.push({ id, path, weights, input: x.arraySync() });
      expected.set(id, { analysis, output: Array.from(y.dataSync()) });
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  }
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  skipReason = torchMissing();
  if (skipReason !== null) return;
  const run = runPython([join(__dirname, 'torch_oracle.py'), manifestPath], { timeoutMs: 600_000 });
  skipReason = torchMissing(run);
  if (skipReason !== null) return;
  if (run.status !== 0) throw new Error(`torch oracle failed (${run.status}): ${run.stderr.slice(-2000)}`);
  results = JSON.parse(run.stdout) as Record<string, OracleResult>;
  console.log(
    `PyTorch oracle: ${corpus.length} exported files in one python process, ${Math.round(run.ms)} ms`,
  );
}, 900_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nchw = (s: readonly number[]) => (s.length === 3 ? [s[2], s[0], s[1]] : [...s]);

describe('PyTorch export, run by PyTorch', () => {
  for (const { id } of corpus) {
    it(`${id}: Model() builds, trainable parameters and output shape equal the analysis`, (ctx) => {
      if (skipReason !== null) return skipWithReason(ctx, skipReason);
      const got = results?.[id];
      const want = expected.get(id);
      expect(got?.error).toBeUndefined();
      const analysis = want?.analysis as GraphAnalysis;
      const output = analysis.nodes.get(analysis.output ?? '')?.outputShape ?? [];
      const input = analysis.nodes.get(analysis.order[0] ?? '')?.outputShape ?? [];
      expect(got?.trainable).toBe(analysis.totals.trainableParams);
      expect(got?.inputShape).toEqual(nchw(input));
      expect(got?.shape).toEqual([want?.output === undefined ? 1 : 2, ...output]);
      if (want?.output !== undefined) {
        // The same numbers as tfjs given the same weights: predict() is the graph's output (softmax
        // probabilities where the graph ends in softmax; forward() gives the logits before it).
        const diff = Math.max(...want.output.map((v, i) => Math.abs(v - (got?.output?.[i] ?? NaN))));
        expect({ id, diff: diff < 1e-4 ? 'ok' : diff }).toEqual({ id, diff: 'ok' });
        expect(got?.roundTrip).toBe(true);
      }
    });
  }
});
