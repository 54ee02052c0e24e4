import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Split } from '../../../../main/training/datasets/types';

/** Small dataset files written by the tests themselves (nothing is downloaded). */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stride-datasets-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writePng(
  path: string,
  width: number,
  height: number,
  rgba: (x: number, y: number) => [number, number, number, number],
): void {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = rgba(x, y);
      png.data.set([r, g, b, a], (y * width + x) * 4);
    }
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}

export function writeJpeg(path: string, width: number, height: number, rgb: [number, number, number]): void {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, jpeg.encode({ data, width, height }, 95).data);
}

/** An IDX file: 0, 0, type 0x08, rank, big-endian dims, bytes. */
export function idxBytes(dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

export function writeIdx(path: string, dims: number[], data: number[], gzip = false): void {
  const bytes = idxBytes(dims, data);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
}

/** One CIFAR-10 record: label, then red, green, blue planes of 32×32. */
export function cifarRecord(label: number, pixel: (c: number, p: number) => number): Buffer {
  const out = Buffer.alloc(1 + 3 * 1024);
  out[0] = label;
  for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[1 + c * 1024 + p] = pixel(c, p);
  return out;
}

/** How many images of each class a split holds. */
export function classCounts(split: Split, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of split.labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
