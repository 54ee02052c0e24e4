import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { GraphDoc } from '../../../../shared/graph/schema';
import type { OnnxModel } from '../../../../shared/codegen/onnx/model';
import type { WeightLookup } from '../../../../shared/codegen/onnx/weights';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { onnxBytes, toOnnx } from '../../../../shared/codegen/onnx/export';
import { importOnnx } from '../../../../shared/codegen/onnx/import';
import {
  inputShapeOf,
  predict,
  relativeError,
  runOnnx,
  sampleInput,
  tfjsModel,
  trainedLikeWeights,
} from './helpers';

/** The presets big enough to get a file of their own (batch 1; VGG-16 is 528 MB of weights). */
export const LARGE_PRESETS = [
  'alexnet',
  'alexnet-towers',
  'vgg16',
  'resnet34',
  'resnet50',
  'resnext50',
] as const;

/** The issue's bar: ONNX Runtime's outputs equal tfjs's within 1e-5 relative. */
export const TOLERANCE = 1e-5;

/**
 * Exports `doc` as ONNX with trained-like weights, runs it in ONNX Runtime and the same graph with the same
 * weights in the app's tfjs build, and checks the outputs agree. Returns the relative error.
 */
export async function expectOrtEqualsTfjs(doc: GraphDoc, batch: number, seed: number): Promise<number> {
  const weights = trainedLikeWeights(seed);
  const bytes = onnxBytes(doc, { weights });
  if (!bytes.ok) throw new Error(`${bytes.error.code}: ${bytes.error.message}`);
  const shape = inputShapeOf(doc);
  const { hwc, nchw } = sampleInput(shape, batch, seed);
  const model = tfjsModel(doc, weights);
  let expected: Float32Array;
  try {
    expected = predict(model, hwc);
  } finally {
    model.dispose();
    hwc.dispose();
  }
  const got = await runOnnx(bytes.value.concat(), nchw);
  expect(got.dims[0]).toBe(batch);
  expect(got.output.length).toBe(expected.length);
  const error = relativeError(got.output, expected);
  expect(error, `${doc.name}: ONNX Runtime vs tfjs`).toBeLessThan(TOLERANCE);
  return error;
}

export const backendReady = async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
};

/**
 * tfjs on WebAssembly (the app's wasm rung, single-threaded as in Node): VGG-16 forward takes seconds there
 * and minutes on the plain-JS cpu backend.
 */
export const wasmBackendReady = async () => {
  setWasmPaths(`${join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  expect(await tf.setBackend('wasm')).toBe(true);
};

/** Initializers compared by value (bytes), the rest of the graph as data. */
function graphData(model: OnnxModel) {
  const g = model.graph;
  return {
    nodes: g.nodes,
    inputs: g.inputs,
    outputs: g.outputs,
    initializers: g.initializers.map((t) => ({
      ...t,
      raw: t.raw === undefined ? undefined : [...hashBytes(t.raw)],
    })),
  };
}

/** Two FNV-1a words over the bytes: equal tensors hash equal, and a diff prints small. */
function hashBytes(bytes: Uint8Array): [number, number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < bytes.length; i += 1) {
    a = Math.imul(a ^ (bytes[i] as number), 0x01000193) >>> 0;
    b = Math.imul(b ^ (bytes[i] as number), 0x811c9dc5) >>> 0;
  }
  return [bytes.length, a, b];
}

/**
 * Stride export → import → export: the imported graph has the same layers (kinds, shapes, parameter counts,
 * wiring) and, written again with the weights the import took over, the same ONNX graph — every node,
 * attribute and initializer byte. Blocks come back as their parts (ONNX has no blocks).
 */
export function expectRoundTrip(doc: GraphDoc, weights: WeightLookup): void {
  const first = toOnnx(doc, { weights });
  const bytes = onnxBytes(doc, { weights });
  if (!first.ok || !bytes.ok) throw new Error(`${doc.name}: not exportable`);
  const imported = importOnnx(bytes.value.concat(), 'roundtrip');
  if (!imported.ok)
    throw new Error(`${doc.name}: ${imported.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const before = analyzeGraph(doc);
  const after = analyzeGraph(imported.value.doc);
  expect(after.ok).toBe(true);
  const layers = (a: typeof before) =>
    a.expanded.nodes.map((p) => ({
      kind: p.kind,
      shape: a.primitives.get(p.id)?.outputShape,
      params: a.primitives.get(p.id)?.params.total,
      inputs: (a.expanded.inputsOf.get(p.id) ?? []).map((s) => a.expanded.nodes.findIndex((q) => q.id === s)),
    }));
  expect(layers(after)).toEqual(layers(before));
  expect(imported.value.report.totalParams).toBe(before.totals.params);
  const second = toOnnx(imported.value.doc, { weights: imported.value.weights });
  if (!second.ok) throw new Error(`${doc.name}: the import is not exportable: ${second.error.message}`);
  expect(graphData(second.value)).toEqual(graphData(first.value));
}
