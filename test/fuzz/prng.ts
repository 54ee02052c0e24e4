import { createRng as createSeededRng } from '../../main/training/datasets/random';
/**
 * A seeded pseudo-random generator (mulberry32) for the fuzz suites: the same seed gives the same inputs, so
 * a failure names its seed and case number and reproduces exactly. STRIDE_FUZZ_SEED overrides the default.
 */
export interface Rng {
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `length` random bytes. */
  bytes(length: number): Buffer;
}

export const FUZZ_SEED = Number(process.env.STRIDE_FUZZ_SEED ?? 0x5eed15);

export function createRng(seed: number): Rng {
  const { next } = createSeededRng(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chance: (p) => next() < p,
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(0, 255))),
  };
}
