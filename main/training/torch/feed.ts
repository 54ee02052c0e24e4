import * as tf from '@tensorflow/tfjs';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingConfig } from '../../../shared/api/training';
import type { ImageShape } from '../../../shared/datasets/fit';
import { makeBatch, type ChannelStats } from '../datasets/pipeline';
import type { Rng } from '../datasets/random';
import type { ImageTransform } from '../datasets/transform';
import type { Split } from '../datasets/types';

/**
 * The data path to the engine. Two ways, measured in docs/benchmarks.md ("torch rung: the data path"):
 *
 * - `file`: each split is written once, as stored (NHWC in [0, 1]: bytes k for k/255 pixels, else float32; then
 *   int32 labels), into a folder
 *   the engine memory-maps (on a GPU it copies the split into device memory when it fits); per epoch the worker
 *   sends only the seeded order of the images (4 bytes each). The transform and normalisation run in the
 *   engine, on its device.
 * - `stream`: the worker prepares every batch as the tfjs rungs do (makeBatch: augmentation, transform,
 *   normalisation) and sends it through the engine's stdin, a few batches ahead.
 *
 * `file` is the default; `stream` is used when the run augments (augmentation is the worker's, so that every
 * rung draws the same transformations from the seed). STRIDE_TORCH_FEED=file|stream forces one.
 */
export type FeedMode = 'file' | 'stream';

export function feedMode(config: Pick<TrainingConfig, 'augment'>, env = process.env): FeedMode {
  const forced = env.STRIDE_TORCH_FEED;
  if (forced === 'file' || forced === 'stream') return forced;
  const a = config.augment;
  const augments = a !== undefined && (a.shift > 0 || a.flip || a.rotateDegrees > 0);
  return augments ? 'stream' : 'file';
}

/**
 * Whether every pixel is k/255 for a whole k (images read from 8-bit files: MNIST's IDX, PNG, JPEG, CIFAR):
 * such a split is written as bytes, a quarter of the float32 size, and the engine's float32 k / 255 gives back
 * the same numbers exactly (checked for all 256 values in the tests).
 */
export function isByteImages(images: Float32Array): boolean {
  for (let i = 0; i < images.length; i++) {
    const v = images[i] as number;
    if (!(v >= 0 && v <= 1) || Math.fround(Math.round(v * 255) / 255) !== v) return false;
  }
  return true;
}

export interface SplitFile {
  readonly path: string;
  readonly count: number;
  readonly dtype: 'uint8' | 'float32';
}

/** Writes a split as the engine reads it (images NHWC, then int32 labels); `name` is relative to the data folder. */
export function writeSplit(dir: string, name: string, split: Split): SplitFile {
  const bytes = isByteImages(split.images);
  const fd = openSync(join(dir, name), 'w');
  try {
    if (bytes) {
      const out = new Uint8Array(split.images.length);
      for (let i = 0; i < out.length; i++) out[i] = Math.round((split.images[i] as number) * 255);
      writeSync(fd, out);
    } else
      writeSync(fd, new Uint8Array(split.images.buffer, split.images.byteOffset, split.images.byteLength));
    writeSync(fd, new Uint8Array(split.labels.buffer, split.labels.byteOffset, split.labels.byteLength));
  } finally {
    closeSync(fd);
  }
  return { path: name, count: split.count, dtype: bytes ? 'uint8' : 'float32' };
}

/** The layers with weights, in order, with their shapes: what the engine reads and writes back. */
export interface WeightsEntry {
  readonly name: string;
  readonly shapes: number[][];
}

export function weightsManifest(model: tf.LayersModel): WeightsEntry[] {
  return model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => ({ name: l.name, shapes: l.weights.map((w) => [...w.shape] as number[]) }));
}

/** The model's weights (Keras layout) as one float32 file in manifest order. */
export function writeWeights(dir: string, name: string, model: tf.LayersModel): WeightsEntry[] {
  const manifest = weightsManifest(model);
  const fd = openSync(join(dir, name), 'w');
  try {
    for (const entry of manifest) {
      const layer = model.getLayer(entry.name);
      // getWeights() hands out the layer's own variables: read, never disposed.
      for (const w of layer.getWeights()) {
        const values = w.dataSync() as Float32Array;
        writeSync(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      }
    }
  } finally {
    closeSync(fd);
  }
  return manifest;
}

/** Sets the model's weights from a file the engine wrote in manifest order (Keras layout). */
export function readWeights(path: string, model: tf.LayersModel, manifest: readonly WeightsEntry[]): void {
  const raw = readFileSync(path);
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  let offset = 0;
  for (const entry of manifest) {
    const tensors = entry.shapes.map((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const t = tf.tensor(all.slice(offset, offset + size), shape, 'float32');
      offset += size;
      return t;
    });
    model.getLayer(entry.name).setWeights(tensors);
    tf.dispose(tensors);
  }
  if (offset !== all.length)
    throw new Error(`the trained weights file holds ${all.length} values, the model ${offset}`);
}

/** One prepared batch for the `stream` feed: the JSON header and its payload (images, then labels). */
export function streamFrame(
  split: Split,
  indices: Int32Array,
  sourceShape: ImageShape,
  options: {
    transform: ImageTransform;
    stats: ChannelStats | null;
    augment?: TrainingConfig['augment'];
    rng: Rng;
  },
): { header: Record<string, unknown>; payload: Uint8Array } {
  const batch = makeBatch(split, indices, sourceShape, {
    transform: options.transform,
    rng: options.rng,
    ...(options.augment === undefined ? {} : { augment: options.augment }),
    ...(options.stats === null ? {} : { stats: options.stats }),
  });
  const payload = new Uint8Array(batch.images.byteLength + batch.labels.byteLength);
  payload.set(new Uint8Array(batch.images.buffer, batch.images.byteOffset, batch.images.byteLength), 0);
  payload.set(
    new Uint8Array(batch.labels.buffer, batch.labels.byteOffset, batch.labels.byteLength),
    batch.images.byteLength,
  );
  return { header: { op: 'batch', count: batch.count, shape: [...options.transform.to] }, payload };
}
