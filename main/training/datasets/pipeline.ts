import type { ImageShape } from '../../../shared/datasets/fit';
import { createRng, permutation, type Rng } from './random';
import { isIdentity, transformImages, type ImageTransform } from './transform';
import { pixelsOf, take, type Split } from './types';

/**
 * Turning a dataset into batches: a seeded validation split, --limit, per-channel standardisation computed on
 * the training images, a new seeded order every epoch, and augmentation (shift, flip, rotate) applied to each
 * batch as it is gathered, so the stored images are never modified.
 */
export interface AugmentOptions {
  /** Largest translation as a fraction of the image size (0.1 = up to 10 %). */
  readonly shift?: number;
  /** Mirror left–right with probability ½. */
  readonly flip?: boolean;
  /** Largest rotation in degrees, either way. */
  readonly rotateDegrees?: number;
}

export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** The first `limit` images (the `--limit N` of `stride train`). */
export function limitSplit(split: Split, limit: number | undefined, shape: ImageShape): Split {
  if (limit === undefined || limit >= split.count) return split;
  return take(
    split,
    Int32Array.from({ length: Math.max(0, limit) }, (_, i) => i),
    shape,
  );
}

/** A seeded share of the training split held out for validation. */
export function splitValidation(
  train: Split,
  fraction: number,
  shape: ImageShape,
  seed: number,
): { train: Split; validation: Split } {
  const held = Math.min(train.count - 1, Math.round(train.count * fraction));
  if (held <= 0)
    return { train, validation: { images: new Float32Array(0), labels: new Int32Array(0), count: 0 } };
  const order = permutation(train.count, createRng(seed ^ 0x7a11d));
  return {
    train: take(train, order.subarray(held), shape),
    validation: take(train, order.subarray(0, held), shape),
  };
}

export function channelStats(split: Split, channels: number): ChannelStats {
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  for (let i = 0; i < split.images.length; i++) {
    const v = split.images[i] as number;
    const c = i % channels;
    sum[c] = (sum[c] as number) + v;
    sq[c] = (sq[c] as number) + v * v;
  }
  const n = Math.max(1, split.images.length / channels);
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, c) => Math.sqrt(Math.max(s / n - (mean[c] as number) ** 2, 0)) || 1);
  return { mean, std };
}

/** The batches of one epoch: a fresh seeded order per epoch, the last batch possibly smaller. */
export function epochBatches(count: number, batchSize: number, seed: number, epoch: number): Int32Array[] {
  const order = permutation(count, createRng((seed * 7919 + epoch * 104_729) >>> 0));
  const out: Int32Array[] = [];
  for (let i = 0; i < count; i += batchSize) out.push(order.subarray(i, Math.min(count, i + batchSize)));
  return out;
}

export interface Batch {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

/**
 * The images at `indices` as the model reads them: gathered, augmented (in the stored shape), transformed
 * (channels, resize, pad: `transform`, whose `from` is `shape`), then normalised with `stats` (per channel of
 * the transformed images).
 */
export function makeBatch(
  split: Split,
  indices: ArrayLike<number>,
  shape: ImageShape,
  options: { augment?: AugmentOptions; rng?: Rng; stats?: ChannelStats; transform?: ImageTransform } = {},
): Batch {
  const gathered = take(split, indices, shape);
  const { augment, stats } = options;
  if (
    augment !== undefined &&
    ((augment.shift ?? 0) > 0 || augment.flip === true || (augment.rotateDegrees ?? 0) > 0)
  ) {
    const rng = options.rng ?? createRng(1);
    const size = pixelsOf(shape);
    const scratch = new Float32Array(size);
    for (let i = 0; i < gathered.count; i++)
      augmentOne(gathered.images.subarray(i * size, (i + 1) * size), scratch, shape, augment, rng);
  }
  const transform = options.transform;
  const batch =
    transform === undefined || isIdentity(transform)
      ? gathered
      : { ...gathered, images: transformImages(gathered.images, gathered.count, transform) };
  if (stats !== undefined) {
    const c = transform?.to[2] ?? shape[2];
    for (let i = 0; i < batch.images.length; i++) {
      const ch = i % c;
      batch.images[i] = ((batch.images[i] as number) - (stats.mean[ch] ?? 0)) / (stats.std[ch] ?? 1);
    }
  }
  return batch;
}

/**
 * One random affine transform (rotation about the centre, optional mirror, translation), applied by inverse
 * mapping with bilinear sampling; pixels from outside the image are 0.
 */
function augmentOne(
  image: Float32Array,
  scratch: Float32Array,
  shape: ImageShape,
  augment: AugmentOptions,
  rng: Rng,
): void {
  const [h, w, c] = shape;
  const shift = augment.shift ?? 0;
  const tx = Math.round(rng.range(-shift, shift) * w);
  const ty = Math.round(rng.range(-shift, shift) * h);
  const flip = augment.flip === true && rng.next() < 0.5;
  const angle = ((augment.rotateDegrees ?? 0) * Math.PI * rng.range(-1, 1)) / 180;
  if (tx === 0 && ty === 0 && !flip && angle === 0) return;
  scratch.set(image);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      // Output pixel → source pixel: undo the translation, the rotation, then the mirror.
      const dx = x - tx - cx;
      const dy = y - ty - cy;
      let sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      if (flip) sx = w - 1 - sx;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < c; ch++) {
        const at = (yy: number, xx: number): number =>
          yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : (scratch[(yy * w + xx) * c + ch] as number);
        const top = at(y0, x0) + (at(y0, x0 + 1) - at(y0, x0)) * fx;
        const bottom = at(y0 + 1, x0) + (at(y0 + 1, x0 + 1) - at(y0 + 1, x0)) * fx;
        image[(y * w + x) * c + ch] = top + (bottom - top) * fy;
      }
    }
}
