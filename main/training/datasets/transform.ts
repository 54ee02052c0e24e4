import type { ImageShape } from '../../../shared/datasets/fit';
import {
  isIdentityTransform,
  transformedShape,
  type InputTransform,
} from '../../../shared/datasets/transform';
import { resizeBilinear } from './image';

/**
 * Applies an input transform (shared/datasets/transform.ts) to images as a run reads them — per batch, never
 * to the stored dataset: full MNIST resized to 227×227×3 would be 37 GB. Order: channels, resize, pad.
 */
export interface ImageTransform {
  readonly from: ImageShape;
  readonly to: ImageShape;
  readonly transform: InputTransform | undefined;
}

export function imageTransform(from: ImageShape, transform: InputTransform | undefined): ImageTransform {
  return { from, to: transformedShape(from, transform), transform };
}

export const isIdentity = (t: ImageTransform): boolean => isIdentityTransform(t.transform);

/** `count` images of `t.from` in `src` → images of `t.to` (a new array). */
export function transformImages(src: Float32Array, count: number, t: ImageTransform): Float32Array {
  if (isIdentity(t)) return src;
  const [h, w, c] = t.from;
  const [oh, ow, oc] = t.to;
  const transform = t.transform ?? {};
  const inSize = h * w * c;
  const outSize = oh * ow * oc;
  const out = new Float32Array(count * outSize);
  const [pt, , pl, pr] = transform.pad ?? [0, 0, 0, 0];
  const [rh, rw] = transform.resize ?? [h, w];
  const channels = transform.channels ?? c;
  const converted = channels === c ? null : new Float32Array(h * w * channels);
  const resized = transform.resize === undefined ? null : new Float32Array(rh * rw * channels);
  for (let n = 0; n < count; n++) {
    let image = src.subarray(n * inSize, (n + 1) * inSize);
    if (converted !== null) {
      convertChannels(image, h * w, c, channels, converted);
      image = converted;
    }
    if (resized !== null) {
      resizeBilinear(image, h, w, channels, rh, rw, resized, 0);
      image = resized;
    }
    // Pad: copy each row into the zeroed output at its offset.
    const base = n * outSize;
    for (let y = 0; y < rh; y++) {
      const row = image.subarray(y * rw * channels, (y + 1) * rw * channels);
      out.set(row, base + ((y + pt) * (rw + pl + pr) + pl) * channels);
    }
  }
  return out;
}

function convertChannels(
  src: Float32Array,
  pixels: number,
  from: number,
  to: number,
  out: Float32Array,
): void {
  for (let i = 0; i < pixels; i++) {
    if (to === 3) {
      const v = src[i * from] as number;
      out[i * 3] = v;
      out[i * 3 + 1] = v;
      out[i * 3 + 2] = v;
    } else {
      // ITU-R BT.601 luma, as image folders are read in gray.
      out[i] =
        0.299 * (src[i * from] as number) +
        0.587 * (src[i * from + 1] as number) +
        0.114 * (src[i * from + 2] as number);
    }
  }
}

/** Per-channel statistics of the source images carried over to the transformed channels. */
export function transformStats(
  stats: { readonly mean: readonly number[]; readonly std: readonly number[] },
  t: ImageTransform,
): { mean: number[]; std: number[] } {
  const [, , c] = t.from;
  const [, , oc] = t.to;
  if (oc === c) return { mean: [...stats.mean], std: [...stats.std] };
  if (oc === 3) {
    const m = stats.mean[0] ?? 0;
    const s = stats.std[0] ?? 1;
    return { mean: [m, m, m], std: [s, s, s] };
  }
  // RGB → gray: the luma of the means; the deviation of a weighted sum bounded by the weighted deviations.
  const w = [0.299, 0.587, 0.114];
  const mean = w.reduce((a, wi, i) => a + wi * (stats.mean[i] ?? 0), 0);
  const std = w.reduce((a, wi, i) => a + wi * (stats.std[i] ?? 1), 0);
  return { mean: [mean], std: [std] };
}
