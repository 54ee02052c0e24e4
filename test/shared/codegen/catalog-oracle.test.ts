import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasJson } from '../../../shared/codegen/keras-json';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { tfjsArtifacts } from '../../../shared/codegen/tfjs-artifacts';
import { importModelJson } from '../../../shared/codegen/import/import';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { buildModel } from '../../../main/training/model/build';
import { skipWithReason } from '../../setup/skip';
import { relativeError } from './onnx/helpers';
import { expectOrtEqualsTfjs, TOLERANCE } from './onnx/cases';
import { catalogGraphs } from './catalog-graphs';
import { runPython, torchMissing } from './python';

/**
 * The modern catalog pieces (issue 13) through every export: for each small graph, tfjs (the model Stride
 * trains) with random weights against the PyTorch export run by PyTorch with the same weights (ported by the
 * file's own load_keras_weights), within 1e-5 relative; ONNX Runtime against tfjs; and Keras JSON / tfjs
 * model.json export → import giving back the same graph.
 */
const graphs = catalogGraphs();
const dir = mkdtempSync(join(tmpdir(), 'stride-catalog-'));
const expected = new Map<string, { output: Float32Array; shape: number[] }>();
let results: Record<
  string,
  { output?: number[]; shape?: number[]; trainable?: number; error?: string }
> | null = null;
let skipReason: string | null = null;

/** Weights away from the initialiser's (biases and BN vectors non-zero) so a misplaced one shows. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) =>
      tf.tidy(() => {
        s += 1;
        const name = w.originalName.split('/').pop() ?? '';
        if (name === 'kernel') return tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', s);
        if (name === 'gamma' || name === 'moving_variance')
          return tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', s);
        return tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', s);
      }),
    );
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const manifest: unknown[] = [];
  graphs.forEach(({ id, doc }, i) => {
    const analysis = analyzeGraph(doc);
    if (!analysis.ok) throw new Error(`${id}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
    const py = toPyTorch(doc);
    if (!py.ok) throw new Error(`${id}: ${py.error.message}`);
    const path = join(dir, `${id.replace(/-/g, '_')}.py`);
    writeFileSync(path, py.value);
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    const model = buildModel(topology.value);
    try {
      randomizeWeights(model, 1000 + i * 31);
      const weights: Record<string, unknown[]> = {};
      for (const layer of model.layers)
        if (layer.weights.length > 0) weights[layer.name] = layer.getWeights().map((w) => w.arraySync());
      const shape = model.inputs[0]?.shape.slice(1) as number[];
      const x = tf.randomNormal([2, ...shape], 0, 2, 'float32', 7 + i);
      const y = model.predict(x) as tf.Tensor;
      manifest.push({ id, path, weights, input: x.arraySync() });
      expected.set(id, { output: y.dataSync() as Float32Array, shape: y.shape });
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  });
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  skipReason = torchMissing();
  if (skipReason !== null) return;
  const run = runPython([join(__dirname, 'torch_oracle.py'), manifestPath], { timeoutMs: 300_000 });
  skipReason = torchMissing(run);
  if (skipReason !== null) return;
  if (run.status !== 0) throw new Error(`torch oracle failed (${run.status}): ${run.stderr.slice(-2000)}`);
  results = JSON.parse(run.stdout) as typeof results;
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the analysis says of every node: kind, shape and parameter counts, in order. */
function summary(doc: GraphDoc): string[] {
  const a = analyzeGraph(doc);
  return a.order.map((id) => {
    const n = a.nodes.get(id);
    const node = doc.nodes.find((d) => d.id === id);
    // Keras's config holds a Reshape's sizes with −1 resolved (tfjs cannot build on an unknown size).
    const params = node?.kind === 'reshape' ? { shape: n?.outputShape } : node?.params;
    return `${node?.kind} ${JSON.stringify(params)} ${JSON.stringify(n?.outputShape)} ${n?.params.total}`;
  });
}

describe('modern catalog pieces: PyTorch export equals tfjs (shared random weights)', () => {
  for (const { id } of graphs) {
    it(`${id}: same shape, outputs within 1e-5 relative`, (ctx) => {
      if (skipReason !== null) return skipWithReason(ctx, skipReason);
      const got = results?.[id];
      const want = expected.get(id);
      expect(got?.error).toBeUndefined();
      expect(got?.shape).toEqual(want?.shape);
      const error = relativeError(Float32Array.from(got?.output ?? []), want?.output ?? new Float32Array());
      expect({ id, error: error <= TOLERANCE ? 'ok' : error }).toEqual({ id, error: 'ok' });
    });
  }
});

describe('modern catalog pieces: ONNX Runtime equals tfjs', () => {
  it.each(graphs.map(({ id, doc }, i) => [id, doc, i] as const))('%s', async (_id, doc, i) => {
    await expectOrtEqualsTfjs(doc, 2, 40 + i);
  });
});

describe('modern catalog pieces: export → import gives back the same graph', () => {
  for (const { id, doc } of graphs) {
    it(`${id}: Keras JSON and tfjs model.json, topology only`, () => {
      const keras = toKerasJson(doc, { includeGraph: false });
      const artifacts = tfjsArtifacts(doc);
      if (!keras.ok || !artifacts.ok) throw new Error('export failed');
      const modelJson = { ...artifacts.value.modelJson };
      delete modelJson.userDefinedMetadata;
      for (const text of [keras.value, JSON.stringify(modelJson)]) {
        const back = importModelJson(text);
        if (!back.ok) throw new Error(`${back.error.code}: ${back.error.message}`);
        expect(back.value.report.issues).toEqual([]);
        expect(summary(back.value.doc)).toEqual(summary(doc));
      }
      // With the Stride graph beside the topology the document comes back as it was, −1 included.
      const withGraph = toKerasJson(doc);
      const back = withGraph.ok ? importModelJson(withGraph.value) : null;
      expect(back?.ok && back.value.doc.nodes.map((n) => n.params)).toEqual(doc.nodes.map((n) => n.params));
    });
  }
});
