import { existsSync, statSync } from 'node:fs';
import { StrideFailure } from '../../../shared/api/errors';
import type { ImageShape } from '../../../shared/datasets/fit';
import { findCifarFolder, loadCifar10 } from './cifar10';
import { isIdxFolder, loadIdxFolder } from './idx';
import { loadImageFolder } from './image-folder';
import { loadMnistFull, loadMnistQuick } from './mnist';
import { generateShapes } from './shapes';
import { DatasetErrorCode, type Dataset } from './types';

/**
 * `--dataset mnist|mnist-10k|shapes|PATH`. A path is recognised by what it holds: MNIST-style IDX files, CIFAR-10 binary
 * batches, otherwise an image folder. `inputShape` (the graph's input) sizes the generated shapes and is what
 * image folders are resized to; IDX and CIFAR keep their own size (checkDatasetFit then says what to change).
 */
export function loadDataset(spec: string, options: { seed?: number; inputShape?: ImageShape } = {}): Dataset {
  const seed = options.seed ?? 1;
  if (spec === 'mnist') return loadMnistFull();
  if (spec === 'mnist-10k') return loadMnistQuick({ seed });
  if (spec === 'shapes') {
    const [h = 28, , c = 1] = options.inputShape ?? [];
    return generateShapes({ seed, size: h, channels: c === 3 ? 3 : 1 });
  }
  if (!existsSync(spec))
    throw new StrideFailure(
      DatasetErrorCode.notFound,
      `Dataset not found: ${spec} (use mnist, mnist-10k, shapes, or a folder path)`,
    );
  if (!statSync(spec).isDirectory())
    throw new StrideFailure(
      DatasetErrorCode.invalid,
      `${spec} is a file: point at the folder holding the IDX files, CIFAR-10 batches or class sub-folders`,
    );
  if (isIdxFolder(spec)) return loadIdxFolder(spec);
  if (findCifarFolder(spec) !== null) return loadCifar10(spec);
  const shape = options.inputShape ?? ([28, 28, 1] as const);
  return loadImageFolder(spec, { shape, seed });
}
