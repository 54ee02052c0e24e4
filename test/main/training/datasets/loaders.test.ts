import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCifar10, parseCifarBatches } from '../../../../main/training/datasets/cifar10';
import { loadIdxFolder, parseIdx } from '../../../../main/training/datasets/idx';
import { loadImageFolder } from '../../../../main/training/datasets/image-folder';
import { loadDataset } from '../../../../main/training/datasets/load';
import { cifarRecord, idxBytes, tempDir, writeIdx, writeJpeg, writePng, classCounts } from './fixtures';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
const fresh = (): string => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};

describe('MNIST IDX files', () => {
  const images = (n: number, h: number, w: number) =>
    Array.from({ length: n * h * w }, (_, i) => (i * 7) % 256);

  it('reads raw and gzip-compressed files (the magic bytes decide), pixels scaled to [0, 1]', () => {
    const dir = fresh();
    writeIdx(join(dir, 'train-images-idx3-ubyte.gz'), [6, 4, 5], images(6, 4, 5), true);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [6], [0, 1, 2, 0, 1, 2]);
    writeIdx(join(dir, 't10k-images-idx3-ubyte'), [3, 4, 5], images(3, 4, 5));
    writeIdx(join(dir, 't10k-labels-idx1-ubyte.gz'), [3], [2, 1, 0], true);
    const d = loadIdxFolder(dir);
    expect(d).toMatchObject({ kind: 'idx', imageShape: [4, 5, 1], classNames: ['0', '1', '2'] });
    expect(d.train.count).toBe(6);
    expect(Array.from(d.test.labels)).toEqual([2, 1, 0]);
    expect(d.train.images[13]).toBeCloseTo(((13 * 7) % 256) / 255, 6);
    expect(d.test.images.length).toBe(3 * 20);
  });

  it('Fashion-MNIST folders get the Fashion class names', () => {
    const dir = join(fresh(), 'fashion-mnist');
    mkdirSync(dir);
    writeIdx(join(dir, 'train-images-idx3-ubyte'), [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], [9, 0]);
    expect(loadIdxFolder(dir).classNames[9]).toBe('Ankle boot');
  });

  it.each([
    ['bad magic', Buffer.from([1, 2, 3, 4]), /bad magic/],
    ['float data', Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /only unsigned-byte/],
    ['truncated data', idxBytes([10], [1, 2, 3]), /header says 10 bytes/],
  ])('refuses %s with DATASET_INVALID', (_, bytes, message) => {
    expect(() => parseIdx(new Uint8Array(bytes))).toThrow(message);
    try {
      parseIdx(new Uint8Array(bytes));
    } catch (e) {
      expect(e).toMatchObject({ code: 'DATASET_INVALID' });
    }
  });

  it('images and labels must agree', () => {
    const dir = fresh();
    writeIdx(join(dir, 'train-images-idx3-ubyte'), [3, 2, 2], images(3, 2, 2));
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], [0, 1]);
    expect(() => loadIdxFolder(dir)).toThrow(/3 images but 2 labels/);
  });
});

describe('CIFAR-10 binary batches', () => {
  it('reads planar records into channels-last images, with the meta class names', () => {
    const dir = fresh();
    const pixel = (n: number) => (c: number, p: number) => (n * 50 + c * 70 + p) % 256;
    writeFileSync(
      join(dir, 'data_batch_1.bin'),
      Buffer.concat([cifarRecord(3, pixel(0)), cifarRecord(9, pixel(1))]),
    );
    writeFileSync(join(dir, 'data_batch_2.bin'), cifarRecord(0, pixel(2)));
    writeFileSync(join(dir, 'test_batch.bin'), cifarRecord(5, pixel(3)));
    writeFileSync(join(dir, 'batches.meta.txt'), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n');
    const d = loadCifar10(dir);
    expect(d).toMatchObject({
      kind: 'cifar10',
      imageShape: [32, 32, 3],
      classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    });
    expect(Array.from(d.train.labels)).toEqual([3, 9, 0]);
    expect(Array.from(d.test.labels)).toEqual([5]);
    // Image 1, pixel (row 2, col 5) = p 69, green channel: (1·50 + 70 + 69) % 256.
    const p = 2 * 32 + 5;
    expect(d.train.images[1 * 3072 + p * 3 + 1]).toBeCloseTo(((50 + 70 + p) % 256) / 255, 6);
  });

  it('refuses files that are not whole records, and labels above 9', () => {
    expect(() => parseCifarBatches([{ name: 'x.bin', bytes: new Uint8Array(3000) }])).toThrow(
      /not a multiple of 3073/,
    );
    expect(() =>
      parseCifarBatches([{ name: 'x.bin', bytes: new Uint8Array(cifarRecord(12, () => 0)) }]),
    ).toThrow(/label 12/);
  });
});

describe('image folders', () => {
  function catsAndDogs(root: string): void {
    writePng(join(root, 'cat', 'red.png'), 10, 6, () => [255, 0, 0, 255]);
    writePng(join(root, 'cat', 'green.png'), 3, 3, () => [0, 255, 0, 255]);
    writeJpeg(join(root, 'cat', 'blue.jpg'), 16, 16, [0, 0, 255]);
    writePng(join(root, 'dog', 'half.png'), 4, 4, (x) => [255, 255, 255, x < 2 ? 255 : 0]);
    writePng(join(root, 'dog', 'white.png'), 5, 7, () => [255, 255, 255, 255]);
    writeFileSync(join(root, 'dog', 'broken.png'), 'this is not a png');
    writeFileSync(join(root, 'dog', 'notes.txt'), 'hello');
  }

  it('decodes PNG and JPEG, resizes and converts to gray, and lists every unreadable file with its reason', () => {
    const root = fresh();
    catsAndDogs(root);
    const d = loadImageFolder(root, { shape: [8, 8, 1], testFraction: 0 });
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(d.train.count).toBe(5);
    expect(d.unreadable.map((u) => u.path.split('/').pop()).sort()).toEqual(['broken.png', 'notes.txt']);
    expect(d.unreadable.find((u) => u.path.endsWith('notes.txt'))?.reason).toMatch(
      /not a PNG or JPEG file \(\.txt\)/,
    );
    expect(d.unreadable.find((u) => u.path.endsWith('broken.png'))?.reason).toMatch(/cannot decode/);
    const mean = (i: number) => d.train.images.subarray(i * 64, (i + 1) * 64).reduce((a, b) => a + b, 0) / 64;
    const means = (label: number) =>
      [0, 1, 2, 3, 4]
        .filter((i) => d.train.labels[i] === label)
        .map(mean)
        .sort((a, b) => a - b);
    const [blue = 0, red = 0, green = 0] = means(0);
    expect(blue).toBeCloseTo(0.114, 1); // JPEG is lossy
    expect(red).toBeCloseTo(0.299, 3);
    expect(green).toBeCloseTo(0.587, 3);
    expect(means(1)).toEqual([expect.closeTo(0.5, 3), expect.closeTo(1, 5)]);
    // Transparent right half composites over black; bilinear resize keeps the half split.
    const halfIndex = [0, 1, 2, 3, 4].find((i) => Math.abs(mean(i) - 0.5) < 0.01) ?? -1;
    const half = d.train.images.subarray(halfIndex * 64, (halfIndex + 1) * 64);
    expect(half[0]).toBeCloseTo(1, 5);
    expect(half[7]).toBeCloseTo(0, 5);
  });

  it('loads RGB, and splits every class by the test fraction (seeded)', () => {
    const root = fresh();
    for (let i = 0; i < 10; i++) {
      writePng(join(root, 'a', `${i}.png`), 2, 2, () => [i * 20, 0, 0, 255]);
      writePng(join(root, 'b', `${i}.png`), 2, 2, () => [0, i * 20, 0, 255]);
    }
    const d = loadImageFolder(root, { shape: [2, 2, 3], testFraction: 0.3, seed: 4 });
    expect(classCounts(d.test, 2)).toEqual([3, 3]);
    expect(classCounts(d.train, 2)).toEqual([7, 7]);
    const again = loadImageFolder(root, { shape: [2, 2, 3], testFraction: 0.3, seed: 4 });
    expect(Array.from(again.test.images)).toEqual(Array.from(d.test.images));
    expect(d.train.images[1]).toBe(0); // green channel of a red image
  });

  it('uses train/ and test/ sub-folders when present', () => {
    const root = fresh();
    for (const split of ['train', 'test'])
      for (const cls of ['x', 'y']) writePng(join(root, split, cls, '1.png'), 3, 3, () => [9, 9, 9, 255]);
    writePng(join(root, 'train', 'y', '2.png'), 3, 3, () => [9, 9, 9, 255]);
    const d = loadImageFolder(root, { shape: [3, 3, 1] });
    expect([d.train.count, d.test.count]).toEqual([3, 2]);
  });

  it('needs at least two class folders', () => {
    const root = fresh();
    writePng(join(root, 'only', '1.png'), 2, 2, () => [0, 0, 0, 255]);
    expect(() => loadImageFolder(root, { shape: [2, 2, 1] })).toThrow(/at least two/);
  });
});

describe('--dataset', () => {
  it('recognises a folder by what it holds', () => {
    const idx = fresh();
    writeIdx(join(idx, 'train-images-idx3-ubyte'), [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
    writeIdx(join(idx, 'train-labels-idx1-ubyte'), [2], [0, 1]);
    expect(loadDataset(idx).kind).toBe('idx');
    const cifar = fresh();
    mkdirSync(join(cifar, 'cifar-10-batches-bin'));
    writeFileSync(
      join(cifar, 'cifar-10-batches-bin', 'data_batch_1.bin'),
      cifarRecord(1, () => 0),
    );
    expect(loadDataset(cifar).kind).toBe('cifar10');
    const images = fresh();
    writePng(join(images, 'a', '1.png'), 2, 2, () => [0, 0, 0, 255]);
    writePng(join(images, 'b', '1.png'), 2, 2, () => [0, 0, 0, 255]);
    expect(loadDataset(images, { inputShape: [4, 4, 3] })).toMatchObject({
      kind: 'image-folder',
      imageShape: [4, 4, 3],
    });
  });

  it('sizes the generated shapes to the graph input', () => {
    expect(loadDataset('shapes', { inputShape: [32, 32, 3] }).imageShape).toEqual([32, 32, 3]);
  });

  it('a missing path is DATASET_NOT_FOUND', () => {
    expect(() => loadDataset('/no/such/folder')).toThrow(
      expect.objectContaining({ code: 'DATASET_NOT_FOUND' }),
    );
  });
});
