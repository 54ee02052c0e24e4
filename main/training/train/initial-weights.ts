import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { manifestWeights, type ManifestWeight } from '../../../shared/codegen/onnx/weights';

export interface InitialWeightsApplied {
  /** Weights taken from the source, by tfjs name (`<layer>/kernel`). */
  readonly loaded: readonly string[];
  /** Weights of the graph the source has no match for (name and shape): they keep the seeded values. */
  readonly reinitialised: readonly string[];
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

function fail(message: string): never {
  throw new StrideFailure(TrainingErrorCode.initialWeights, message);
}

/** A tfjs model's weights on disk (model.json + shards in its folder), by name. */
function readWeights(dir: string): Map<string, { shape: readonly number[]; values: Float32Array }> {
  const file = join(dir, 'model.json');
  let json: { weightsManifest?: { paths?: unknown; weights?: unknown }[] };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    return fail(
      `No readable model.json in ${dir} (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  const entries: ManifestWeight[] = [];
  const chunks: Buffer[] = [];
  for (const g of groups) {
    for (const p of Array.isArray(g.paths) ? (g.paths as unknown[]) : []) {
      const shard = resolve(dir, String(p));
      // Shards are read from model.json's own folder only.
      if (dirname(shard) !== resolve(dir))
        fail(`The manifest in ${dir} names a shard elsewhere: ${String(p)}.`);
      try {
        chunks.push(readFileSync(shard));
      } catch {
        fail(`The weight shard ${shard} is missing.`);
      }
    }
    for (const w of Array.isArray(g.weights) ? (g.weights as ManifestWeight[]) : []) entries.push(w);
  }
  const read = manifestWeights(entries, new Uint8Array(Buffer.concat(chunks)));
  if ('error' in read) return fail(`${file}: ${read.error}`);
  const out = new Map<string, { shape: readonly number[]; values: Float32Array }>();
  for (const e of entries) {
    const values = read.get(e.name);
    if (values !== null) out.set(e.name, { shape: e.shape, values });
  }
  return out;
}

/**
 * Sets the model's weights from a saved tfjs model (a run's `model/`, an import's folder): each weight whose
 * name (`<layer>/<weight>`, tfjs's original name) and shape match is copied, bit for bit; the others keep
 * the seeded initialisation and are named. Matching by name and shape is what lets a replaced head (another
 * number of classes) start fresh while every other layer keeps what it learned.
 */
export function applyInitialWeights(model: tf.LayersModel, dir: string): InitialWeightsApplied {
  const source = readWeights(dir);
  const loaded: string[] = [];
  const reinitialised: string[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const found = source.get(w.originalName);
      if (found === undefined || !sameShape(found.shape, w.shape as number[])) {
        reinitialised.push(w.originalName);
        return w.read().clone();
      }
      loaded.push(w.originalName);
      return tf.tensor(found.values, w.shape as number[], 'float32');
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  if (loaded.length === 0)
    fail(`None of the weights in ${dir} fits this graph (no layer with the same name and shape).`);
  return { loaded, reinitialised };
}
