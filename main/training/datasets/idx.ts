import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { StrideFailure } from '../../../shared/api/errors';
import { DatasetErrorCode, type Dataset, type Split } from './types';

/**
 * MNIST's IDX format (also Fashion-MNIST and the full 70,000-digit MNIST): a big-endian header — two zero
 * bytes, a type byte (0x08 = unsigned byte), the number of dimensions — then one uint32 per dimension and the
 * data. Files may be gzip-compressed (.gz); the magic bytes decide, not the name.
 */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

export function parseIdx(raw: Uint8Array, what = 'IDX file'): IdxArray {
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new StrideFailure(DatasetErrorCode.invalid, `${what} is not an IDX file (bad magic number)`);
  if (bytes[2] !== 0x08)
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${what}: only unsigned-byte IDX data (type 0x08) is supported, found 0x${(bytes[2] ?? 0).toString(16)}`,
    );
  const rank = bytes[3] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * rank)
    throw new StrideFailure(DatasetErrorCode.invalid, `${what}: truncated header`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (bytes.length - start < size)
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${what}: header says ${size} bytes of data, file has ${bytes.length - start}`,
    );
  return { dims, data: bytes.subarray(start, start + size) };
}

/** An images file ([N, H, W]) and its labels file ([N]) as one split, pixels scaled to [0, 1]. */
export function idxSplit(
  images: IdxArray,
  labels: IdxArray,
  what: string,
): { split: Split; height: number; width: number } {
  const [n = 0, height = 0, width = 0] = images.dims;
  if (images.dims.length !== 3)
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${what}: images must have 3 dimensions [N, H, W], found ${images.dims.length}`,
    );
  if (labels.dims.length !== 1 || labels.dims[0] !== n)
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${what}: ${n} images but ${labels.dims[0] ?? 0} labels`,
    );
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (images.data[i] as number) / 255;
  return { split: { images: pixels, labels: Int32Array.from(labels.data), count: n }, height, width };
}

const NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Finds `name` or `name.gz` (also the `name` with a dot before idx, as some mirrors spell it). */
function locate(dir: string, name: string): string | null {
  for (const candidate of [
    name,
    `${name}.gz`,
    name.replace('-idx', '.idx'),
    `${name.replace('-idx', '.idx')}.gz`,
  ]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  return null;
}

export function isIdxFolder(dir: string): boolean {
  return locate(dir, NAMES.trainImages) !== null && locate(dir, NAMES.trainLabels) !== null;
}

/** A folder with the four MNIST-named files (train-images-idx3-ubyte[.gz], …; the t10k pair is optional). */
export function loadIdxFolder(dir: string, options: { classNames?: readonly string[] } = {}): Dataset {
  const read = (name: string): IdxArray | null => {
    const path = locate(dir, name);
    return path === null ? null : parseIdx(new Uint8Array(readFileSync(path)), basename(path));
  };
  const trainImages = read(NAMES.trainImages);
  const trainLabels = read(NAMES.trainLabels);
  if (trainImages === null || trainLabels === null)
    throw new StrideFailure(
      DatasetErrorCode.notFound,
      `${dir} has no ${NAMES.trainImages}[.gz] and ${NAMES.trainLabels}[.gz]`,
    );
  const train = idxSplit(trainImages, trainLabels, 'training set');
  const testImages = read(NAMES.testImages);
  const testLabels = read(NAMES.testLabels);
  const test =
    testImages !== null && testLabels !== null ? idxSplit(testImages, testLabels, 'test set') : null;
  if (test !== null && (test.height !== train.height || test.width !== train.width))
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${dir}: training images are ${train.height}×${train.width} but test images ${test.height}×${test.width}`,
    );
  let maxLabel = 0;
  for (const l of train.split.labels) maxLabel = Math.max(maxLabel, l);
  const fashion = /fashion/i.test(dir) && maxLabel < 10;
  const classes =
    options.classNames ?? (fashion ? FASHION : Array.from({ length: maxLabel + 1 }, (_, i) => String(i)));
  return {
    name: dir,
    kind: 'idx',
    imageShape: [train.height, train.width, 1],
    classNames: classes,
    train: train.split,
    test: test?.split ?? { images: new Float32Array(0), labels: new Int32Array(0), count: 0 },
    unreadable: [],
    // Fashion-MNIST's usual constants; any other IDX set gets its statistics computed from its images.
    normalization: fashion ? { mean: [0.286], std: [0.353] } : null,
  };
}
