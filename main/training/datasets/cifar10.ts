import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { DatasetErrorCode, type Dataset, type Split } from './types';

/**
 * CIFAR-10's binary version: data_batch_1..5.bin and test_batch.bin, each a run of 3,073-byte records — one
 * label byte, then 1,024 red, 1,024 green and 1,024 blue bytes of a 32×32 image (planar, row-major). Converted
 * here to channels-last floats in [0, 1].
 */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

export function parseCifarBatches(files: readonly { name: string; bytes: Uint8Array }[]): Split {
  let count = 0;
  for (const f of files) {
    if (f.bytes.length % RECORD !== 0)
      throw new StrideFailure(
        DatasetErrorCode.invalid,
        `${f.name} is not CIFAR-10 binary: ${f.bytes.length} bytes is not a multiple of ${RECORD}`,
      );
    count += f.bytes.length / RECORD;
  }
  const images = new Float32Array(count * 3 * PLANE);
  const labels = new Int32Array(count);
  let n = 0;
  for (const f of files) {
    for (let r = 0; r < f.bytes.length / RECORD; r++, n++) {
      const base = r * RECORD;
      const label = f.bytes[base] as number;
      if (label > 9)
        throw new StrideFailure(
          DatasetErrorCode.invalid,
          `${f.name}: record ${r} has label ${label} (CIFAR-10 labels are 0–9)`,
        );
      labels[n] = label;
      const out = n * 3 * PLANE;
      for (let p = 0; p < PLANE; p++)
        for (let c = 0; c < 3; c++)
          images[out + p * 3 + c] = (f.bytes[base + 1 + c * PLANE + p] as number) / 255;
    }
  }
  return { images, labels, count };
}

/** The folder holding the .bin files (itself, or its cifar-10-batches-bin child), or null. */
export function findCifarFolder(dir: string): string | null {
  for (const candidate of [dir, join(dir, 'cifar-10-batches-bin')])
    if (existsSync(join(candidate, 'data_batch_1.bin')) || existsSync(join(candidate, 'test_batch.bin')))
      return candidate;
  return null;
}

export function loadCifar10(dir: string): Dataset {
  const folder = findCifarFolder(dir);
  if (folder === null)
    throw new StrideFailure(
      DatasetErrorCode.notFound,
      `${dir} has no CIFAR-10 binary batches (data_batch_1.bin …)`,
    );
  const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(folder, name))) });
  const trainNames = [1, 2, 3, 4, 5]
    .map((i) => `data_batch_${i}.bin`)
    .filter((n) => existsSync(join(folder, n)));
  if (trainNames.length === 0)
    throw new StrideFailure(DatasetErrorCode.notFound, `${folder} has no data_batch_N.bin training files`);
  const meta = join(folder, 'batches.meta.txt');
  const names = existsSync(meta)
    ? readFileSync(meta, 'utf8')
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    : CIFAR10_CLASSES;
  return {
    name: dir,
    kind: 'cifar10',
    imageShape: [SIDE, SIDE, 3],
    classNames: names.length === 10 ? names : CIFAR10_CLASSES,
    train: parseCifarBatches(trainNames.map(read)),
    test: existsSync(join(folder, 'test_batch.bin'))
      ? parseCifarBatches([read('test_batch.bin')])
      : { images: new Float32Array(0), labels: new Int32Array(0), count: 0 },
    unreadable: [],
    // The usual per-channel constants of CIFAR-10's 50,000 training images.
    normalization: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
  };
}
