import type { ImageShape } from '../../../shared/datasets/fit';

/** Images NHWC float32 in [0, 1], one label (class index) per image. */
export interface Split {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export interface UnreadableFile {
  readonly path: string;
  readonly reason: string;
}

export interface Dataset {
  /** mnist, shapes, or the folder/file it was read from. */
  readonly name: string;
  readonly kind: 'mnist' | 'shapes' | 'image-folder' | 'idx' | 'cifar10';
  readonly imageShape: ImageShape;
  readonly classNames: readonly string[];
  readonly train: Split;
  readonly test: Split;
  /** Files that could not be used, with why (image folders). */
  readonly unreadable: readonly UnreadableFile[];
  /**
   * The dataset's published per-channel mean and deviation (MNIST, Fashion-MNIST, CIFAR-10), which
   * `normalize: 'dataset'` uses; absent for others (then computed from the training images).
   */
  readonly normalization?: { readonly mean: readonly number[]; readonly std: readonly number[] } | null;
}

export const DatasetErrorCode = {
  notFound: 'DATASET_NOT_FOUND',
  invalid: 'DATASET_INVALID',
  empty: 'DATASET_EMPTY',
} as const;

export const pixelsOf = (shape: ImageShape): number => shape[0] * shape[1] * shape[2];

/** The images and labels at `indices`, copied into a new split. */
export function take(split: Split, indices: ArrayLike<number>, shape: ImageShape): Split {
  const size = pixelsOf(shape);
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] as number;
    images.set(split.images.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = split.labels[from] as number;
  }
  return { images, labels, count: indices.length };
}
