import { createRng, type Rng } from './random';
import type { Dataset, Split } from './types';

/**
 * A generated dataset for teaching translation (and rotation) invariance: circles, squares, triangles and
 * crosses of random size, position and rotation, anti-aliased by 4×4 supersampling, deterministic by seed.
 */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const;

export interface ShapesOptions {
  readonly size?: number;
  readonly channels?: 1 | 3;
  readonly trainSize?: number;
  readonly testSize?: number;
  readonly seed?: number;
}

type Inside = (u: number, v: number) => boolean;

/** Membership tests in the shape's own frame, where it spans roughly [−1, 1]². */
const SHAPES: Readonly<Record<(typeof SHAPE_CLASSES)[number], Inside>> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8,
  triangle: (u, v) => {
    // Equilateral, circumradius 1, apex at (0, 1): above the base, below both sloping edges.
    const s3 = Math.sqrt(3);
    return v >= -0.5 && s3 * u + v <= 1 && -s3 * u + v <= 1;
  },
  cross: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1),
};

const SUPERSAMPLE = 4;

function drawOne(
  rng: Rng,
  cls: number,
  size: number,
  channels: number,
  out: Float32Array,
  offset: number,
): void {
  const inside = SHAPES[SHAPE_CLASSES[cls] ?? 'circle'];
  const radius = rng.range(0.22, 0.42) * size;
  const cx = rng.range(radius, size - radius);
  const cy = rng.range(radius, size - radius);
  const angle = rng.range(0, 2 * Math.PI);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const colour =
    channels === 3 ? [rng.range(0.3, 1), rng.range(0.3, 1), rng.range(0.3, 1)] : [rng.range(0.7, 1)];
  const background = rng.range(0, 0.15);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++)
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const px = x + (sx + 0.5) / SUPERSAMPLE - cx;
          const py = y + (sy + 0.5) / SUPERSAMPLE - cy;
          // Rotate the sample into the shape's frame (y grows downwards, so "up" is −y).
          const u = (cos * px + sin * py) / radius;
          const v = (sin * px - cos * py) / radius;
          if (inside(u, v)) hits++;
        }
      const coverage = hits / (SUPERSAMPLE * SUPERSAMPLE);
      const base = offset + (y * size + x) * channels;
      for (let c = 0; c < channels; c++)
        out[base + c] = background + coverage * ((colour[c] ?? 1) - background);
    }
}

function makeSplit(rng: Rng, count: number, size: number, channels: number): Split {
  const images = new Float32Array(count * size * size * channels);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const cls = i % SHAPE_CLASSES.length; // balanced classes; order is shuffled when batching
    labels[i] = cls;
    drawOne(rng, cls, size, channels, images, i * size * size * channels);
  }
  return { images, labels, count };
}

export function generateShapes(options: ShapesOptions = {}): Dataset {
  const size = options.size ?? 28;
  const channels = options.channels ?? 1;
  if (!Number.isInteger(size) || size < 8 || size > 256)
    throw new RangeError('shapes: size must be an integer in 8..256');
  const seed = options.seed ?? 1;
  return {
    name: 'shapes',
    kind: 'shapes',
    imageShape: [size, size, channels],
    classNames: [...SHAPE_CLASSES],
    // Separate streams, so the test images do not change when the training set grows.
    train: makeSplit(createRng(seed), options.trainSize ?? 2000, size, channels),
    test: makeSplit(createRng(seed ^ 0x5eed), options.testSize ?? 400, size, channels),
    unreadable: [],
  };
}
