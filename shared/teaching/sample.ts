import { volumeOf, type Volume } from './grid';

/**
 * Small whole numbers for an explainer filled from a node's sizes (the real input and weights are not known
 * until a run trains them): the same numbers every time for the same seed, so a lesson can be discussed by its
 * values. mulberry32, a tiny well-mixed 32-bit generator.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A C×H×W volume of integers in [lo, hi]. */
export function sampleVolume(c: number, h: number, w: number, seed: number, lo: number, hi: number): Volume {
  const next = prng(seed);
  return volumeOf(c, h, w, () => lo + Math.floor(next() * (hi - lo + 1)));
}

/**
 * `v` resized to C×H×W: values kept where both have them, new cells from `fill` (so growing an edited grid
 * keeps the student's numbers).
 */
export function resizeVolume(
  v: Volume,
  c: number,
  h: number,
  w: number,
  fill: (c: number, y: number, x: number) => number,
): Volume {
  return volumeOf(c, h, w, (k, y, x) => v[k]?.[y]?.[x] ?? fill(k, y, x));
}
