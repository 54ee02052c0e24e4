import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { StrideFailure } from '../../../shared/api/errors';
import type { ImageShape } from '../../../shared/datasets/fit';
import { resizeBilinear, toChannels, type RgbaImage } from './image';
import { createRng, shuffleInPlace } from './random';
import { DatasetErrorCode, pixelsOf, type Dataset, type Split, type UnreadableFile } from './types';

/**
 * An image folder: one sub-folder per class (`root/cat/*.png`, `root/dog/*.jpg`), or `root/train/<class>` and
 * `root/test/<class>` when the split is given. PNG (pngjs) and JPEG (jpeg-js) are decoded, resized (bilinear) to
 * the wanted shape and converted to gray or RGB. Files that cannot be used are listed with the reason, never
 * silently skipped.
 */
export interface ImageFolderOptions {
  readonly shape: ImageShape;
  /** Share of each class held out for testing when the folder has no train/test split. */
  readonly testFraction?: number;
  readonly seed?: number;
  readonly maxFiles?: number;
}

const DECODERS: Readonly<Record<string, (bytes: Buffer) => RgbaImage>> = {
  '.png': (bytes) => {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  },
  '.jpg': (bytes) => jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 }),
  '.jpeg': (bytes) => jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 }),
};

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const subfolders = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => !n.startsWith('.') && isDir(join(dir, n)))
    .sort((a, b) => a.localeCompare(b));

interface Entry {
  readonly path: string;
  readonly label: number;
}

function listClass(dir: string, label: number, unreadable: UnreadableFile[]): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (isDir(path)) continue;
    if (DECODERS[extname(name).toLowerCase()] === undefined)
      unreadable.push({ path, reason: `not a PNG or JPEG file (${extname(name) || 'no extension'})` });
    else out.push({ path, label });
  }
  return out;
}

function decodeAll(entries: readonly Entry[], shape: ImageShape, unreadable: UnreadableFile[]): Split {
  const [h, w, c] = shape;
  const size = pixelsOf(shape);
  const images = new Float32Array(entries.length * size);
  const labels = new Int32Array(entries.length);
  let count = 0;
  for (const entry of entries) {
    try {
      const decoder = DECODERS[extname(entry.path).toLowerCase()];
      if (decoder === undefined) throw new Error('unsupported format');
      const rgba = decoder(readFileSync(entry.path));
      if (rgba.width < 1 || rgba.height < 1) throw new Error('empty image');
      const pixels = toChannels(rgba, c === 1 ? 1 : 3);
      resizeBilinear(pixels, rgba.height, rgba.width, c, h, w, images, count * size);
      labels[count] = entry.label;
      count += 1;
    } catch (error) {
      unreadable.push({
        path: entry.path,
        reason: `cannot decode: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return { images: images.subarray(0, count * size), labels: labels.subarray(0, count), count };
}

export function loadImageFolder(root: string, options: ImageFolderOptions): Dataset {
  if (!isDir(root)) throw new StrideFailure(DatasetErrorCode.notFound, `Dataset folder not found: ${root}`);
  const [, , channels] = options.shape;
  if (channels !== 1 && channels !== 3)
    throw new StrideFailure(DatasetErrorCode.invalid, 'Image folders load as 1 (gray) or 3 (RGB) channels.');
  const unreadable: UnreadableFile[] = [];
  const top = subfolders(root);
  const presplit = top.includes('train') && top.includes('test');
  const classNames = presplit ? subfolders(join(root, 'train')) : top;
  if (classNames.length < 2)
    throw new StrideFailure(
      DatasetErrorCode.empty,
      `${root} needs one sub-folder per class (at least two); found ${classNames.length}.`,
    );
  const collect = (base: string): Entry[] =>
    classNames.flatMap((name, label) =>
      isDir(join(base, name)) ? listClass(join(base, name), label, unreadable) : [],
    );
  let trainEntries: Entry[];
  let testEntries: Entry[];
  if (presplit) {
    trainEntries = collect(join(root, 'train'));
    testEntries = collect(join(root, 'test'));
  } else {
    // Stratified: the same share of every class goes to the test split.
    const rng = createRng(options.seed ?? 1);
    trainEntries = [];
    testEntries = [];
    const all = collect(root);
    for (let label = 0; label < classNames.length; label++) {
      const mine = all.filter((e) => e.label === label);
      shuffleInPlace(mine, rng);
      const fraction = options.testFraction ?? 0.2;
      const held = fraction > 0 && mine.length > 1 ? Math.max(1, Math.round(mine.length * fraction)) : 0;
      // Appended one by one: a class of a few hundred thousand files overflows the stack as push() arguments.
      for (let i = 0; i < mine.length; i++) (i < held ? testEntries : trainEntries).push(mine[i] as Entry);
    }
  }
  const max = options.maxFiles ?? 200_000;
  if (trainEntries.length + testEntries.length > max)
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${root} holds more than ${max} images; point at a smaller folder.`,
    );
  const train = decodeAll(trainEntries, options.shape, unreadable);
  const test = decodeAll(testEntries, options.shape, unreadable);
  if (train.count === 0)
    throw new StrideFailure(
      DatasetErrorCode.empty,
      `No readable images in ${root} (${unreadable.length} files could not be used).`,
    );
  return { name: root, kind: 'image-folder', imageShape: options.shape, classNames, train, test, unreadable };
}
