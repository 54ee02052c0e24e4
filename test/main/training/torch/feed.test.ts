import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeededModel, checkGraph } from '../../../../main/training/train/compile';
import {
  feedMode,
  isByteImages,
  readWeights,
  weightsManifest,
  writeSplit,
  writeWeights,
} from '../../../../main/training/torch/feed';
import { rankEnvironments } from '../../../../main/training/torch/engine';
import { cpuThreads, processCount } from '../../../../main/training/torch/train';
import { getPreset } from '../../../../shared/presets';
import type { GraphDoc } from '../../../../shared/graph/schema';

/** The worker's half of the torch data path and weight files (no Python needed). */
const dir = mkdtempSync(join(tmpdir(), 'stride-feed-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('split files', () => {
  it('8-bit images (k/255) go as bytes, and float32 k / 255 gives back exactly the same pixels', () => {
    const pixels = Float32Array.from({ length: 256 }, (_, k) => k / 255);
    expect(isByteImages(pixels)).toBe(true);
    // What the engine computes: float32(k) / float32(255), correctly rounded in float32.
    for (let k = 0; k < 256; k++) expect(Math.fround(Math.fround(k) / 255)).toBe(pixels[k]);
    const split = { images: pixels, labels: Int32Array.from([3]), count: 1 };
    const file = writeSplit(dir, 'bytes.bin', { ...split, images: pixels.slice(0, 256) });
    expect(file).toEqual({ path: 'bytes.bin', count: 1, dtype: 'uint8' });
    const raw = readFileSync(join(dir, 'bytes.bin'));
    expect(raw.length).toBe(256 + 4);
    expect(Array.from(raw.subarray(0, 256))).toEqual(Array.from({ length: 256 }, (_, k) => k));
    expect(raw.readInt32LE(256)).toBe(3);
  });

  it('anything else goes as float32, unchanged', () => {
    const images = Float32Array.from([0.5, 0.25, 1 / 3, 0.1]);
    expect(isByteImages(images)).toBe(false);
    expect(isByteImages(Float32Array.from([0, 1.5]))).toBe(false);
    const file = writeSplit(dir, 'floats.bin', { images, labels: Int32Array.from([1]), count: 1 });
    expect(file.dtype).toBe('float32');
    const raw = readFileSync(join(dir, 'floats.bin'));
    expect(Array.from(new Float32Array(raw.buffer, raw.byteOffset, 4))).toEqual(Array.from(images));
  });

  it('file by default, stream when the run augments, either when forced', () => {
    expect(feedMode({ augment: undefined }, {})).toBe('file');
    expect(feedMode({ augment: { shift: 0.1, flip: false, rotateDegrees: 0 } }, {})).toBe('stream');
    expect(feedMode({ augment: { shift: 0, flip: false, rotateDegrees: 0 } }, {})).toBe('file');
    expect(feedMode({ augment: undefined }, { STRIDE_TORCH_FEED: 'stream' })).toBe('stream');
  });
});

describe('weight files', () => {
  it('write and read back every layer in Keras layout, in manifest order', () => {
    const compiled = checkGraph(getPreset('mnist-keras')?.build() as GraphDoc);
    const a = buildSeededModel(compiled, 1);
    const b = buildSeededModel(compiled, 2);
    try {
      const manifest = writeWeights(dir, 'w.bin', a);
      expect(manifest).toEqual(weightsManifest(a));
      expect(manifest.map((m) => m.name)).toEqual(['conv2d_3', 'conv2d_4', 'conv2d_5', 'dense', 'dense_1']);
      expect(manifest[0]?.shapes).toEqual([[3, 3, 1, 32], [32]]);
      readWeights(join(dir, 'w.bin'), b, manifest);
      const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
      expect(values(b)).toEqual(values(a));
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('processes', () => {
  it("one per GPU, STRIDE_TORCH_PROCESSES on the CPU; torchrun's environment for each", () => {
    const spec = { python: 'p', script: 's', versions: {} };
    expect(processCount({ ...spec, device: 'cuda', gpus: 4 }, {})).toBe(4);
    expect(processCount({ ...spec, device: 'cpu', gpus: 1 }, {})).toBe(1);
    expect(processCount({ ...spec, device: 'cpu', gpus: 1 }, { STRIDE_TORCH_PROCESSES: '2' })).toBe(2);
    expect(cpuThreads(1, {}, 8)).toBe(0); // torch's own default
    expect(cpuThreads(2, {}, 8)).toBe(4);
    expect(cpuThreads(1, { STRIDE_TORCH_THREADS: '3' }, 8)).toBe(3);
    expect(rankEnvironments(1, 0)).toEqual([{}]);
    expect(rankEnvironments(2, 29500)).toEqual([
      {
        WORLD_SIZE: '2',
        RANK: '0',
        LOCAL_RANK: '0',
        LOCAL_WORLD_SIZE: '2',
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: '29500',
      },
      {
        WORLD_SIZE: '2',
        RANK: '1',
        LOCAL_RANK: '1',
        LOCAL_WORLD_SIZE: '2',
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: '29500',
      },
    ]);
  });
});
