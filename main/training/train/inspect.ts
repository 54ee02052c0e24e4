import * as tf from '@tensorflow/tfjs';
import type { FeatureMaps, Filters } from '../../../shared/api/runs';
import type { ImageShape } from '../../../shared/datasets/fit';
import { round } from './evaluate';

/**
 * What the Training tab draws from a trained model: the first convolution's filters, and every convolution's
 * output for one image. Both are plain nested arrays (JSON), bounded so a big network cannot produce a
 * response of hundreds of megabytes.
 */
const MAX_FILTERS = 256;
const MAX_FILTER_CHANNELS = 64;
/** Values of all feature maps in one answer (≈ 4 MB of JSON at most). */
const MAX_MAP_VALUES = 600_000;

export function firstConvFilters(
  model: tf.LayersModel,
  convs: readonly { layer: string; nodeId: string }[],
): Filters | null {
  const first = convs[0];
  if (first === undefined) return null;
  const weights = model.getLayer(first.layer).getWeights();
  const kernel = weights[0];
  if (kernel === undefined || kernel.rank !== 4) return null;
  const [fh = 0, fw = 0, cin = 0, count = 0] = kernel.shape;
  const values = kernel.dataSync();
  const bias = weights[1] === undefined ? null : Array.from(weights[1].dataSync(), round);
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const filters: number[][][][] = [];
  for (let f = 0; f < Math.min(count, MAX_FILTERS); f++) {
    const channels: number[][][] = [];
    for (let c = 0; c < Math.min(cin, MAX_FILTER_CHANNELS); c++) {
      const rows: number[][] = [];
      for (let y = 0; y < fh; y++) {
        const row: number[] = [];
        for (let x = 0; x < fw; x++) row.push(round(values[((y * fw + x) * cin + c) * count + f] ?? 0));
        rows.push(row);
      }
      channels.push(rows);
    }
    filters.push(channels);
  }
  return {
    nodeId: first.nodeId,
    layer: first.layer,
    kernel: [fh, fw],
    channels: cin,
    count,
    min: round(min),
    max: round(max),
    filters,
    bias,
  };
}

export function toImageData(pixels: Float32Array, shape: ImageShape): FeatureMaps['image'] {
  return {
    shape: [shape[0], shape[1], shape[2]],
    pixels: Array.from(pixels, (v) => Math.max(0, Math.min(255, Math.round(v * 255)))),
  };
}

/**
 * The output of every conv layer for one normalised image, channels-first for drawing ([c][y][x]); layers are
 * cut to `maxChannels` channels, and later layers lose channels when the total would pass MAX_MAP_VALUES.
 */
export async function convFeatureMaps(
  model: tf.LayersModel,
  convs: readonly { layer: string; nodeId: string; kind?: string; name?: string }[],
  image: Float32Array,
  shape: ImageShape,
  maxChannels: number,
): Promise<FeatureMaps['layers']> {
  if (convs.length === 0) return [];
  const probe = tf.model({
    inputs: model.inputs,
    outputs: convs.map((c) => model.getLayer(c.layer).output as tf.SymbolicTensor),
  });
  const outputs = tf.tidy(() => {
    const out = probe.predict(tf.tensor4d(image, [1, ...shape]));
    return Array.isArray(out) ? out : [out];
  });
  try {
    let budget = MAX_MAP_VALUES;
    const layers: FeatureMaps['layers'] = [];
    for (let i = 0; i < convs.length; i++) {
      const conv = convs[i] as { layer: string; nodeId: string; kind?: string; name?: string };
      const t = outputs[i] as tf.Tensor;
      const [, h = 0, w = 0, c = 0] = t.shape;
      const values = (await t.data()) as Float32Array;
      const shown = Math.max(0, Math.min(c, maxChannels, Math.floor(budget / Math.max(1, h * w))));
      budget -= shown * h * w;
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const maps: number[][][] = [];
      for (let ch = 0; ch < shown; ch++) {
        const rows: number[][] = [];
        for (let y = 0; y < h; y++) {
          const row: number[] = [];
          for (let x = 0; x < w; x++) row.push(round(values[(y * w + x) * c + ch] ?? 0));
          rows.push(row);
        }
        maps.push(rows);
      }
      layers.push({
        nodeId: conv.nodeId,
        layer: conv.layer,
        ...(conv.kind === undefined ? {} : { kind: conv.kind }),
        ...(conv.name === undefined ? {} : { name: conv.name }),
        shape: [h, w, c],
        channelsShown: shown,
        min: round(min),
        max: round(max),
        maps,
      });
    }
    return layers;
  } finally {
    tf.dispose(outputs);
  }
}
