import type { ImageShape } from './fit';

/**
 * The datasets Stride ships (no download): their names as `--dataset` and the training form spell them, what
 * their images are, and the published normalisation constants `normalize: 'dataset'` uses. Pure, so the form,
 * the host's path check and the worker agree on one list.
 */
export const BUILT_IN_DATASETS = ['mnist', 'mnist-10k', 'shapes'] as const;
export type BuiltInDataset = (typeof BUILT_IN_DATASETS)[number];

export interface BuiltInInfo {
  /** Shown in the training form's Dataset menu. */
  readonly label: string;
  /** Short name for lists (the run view's facts). */
  readonly short: string;
  /** Images as stored; null when they are drawn at the graph's input size (shapes). */
  readonly shape: ImageShape | null;
  readonly classes: number;
  /** Training and test images before the validation split (null: follows the seed's draw). */
  readonly trainSize: number;
  readonly testSize: number;
  /** Per-channel mean and standard deviation of the training images, as published (null: computed). */
  readonly normalization: { readonly mean: readonly number[]; readonly std: readonly number[] } | null;
}

/** MNIST's usual constants (the mean and deviation of the 60,000 training digits scaled to [0, 1]). */
const MNIST_NORMALIZATION = { mean: [0.1307], std: [0.3081] } as const;

export const BUILT_IN_INFO: Readonly<Record<BuiltInDataset, BuiltInInfo>> = {
  mnist: {
    label: 'MNIST (built in, 60,000 + 10,000 digits, 28×28×1)',
    short: 'MNIST',
    shape: [28, 28, 1],
    classes: 10,
    trainSize: 60_000,
    testSize: 10_000,
    normalization: MNIST_NORMALIZATION,
  },
  'mnist-10k': {
    label: 'MNIST, quick (10,000 digits: 8,000 train / 2,000 test by seed)',
    short: 'MNIST (10k, quick)',
    shape: [28, 28, 1],
    classes: 10,
    trainSize: 8_000,
    testSize: 2_000,
    normalization: MNIST_NORMALIZATION,
  },
  shapes: {
    label: 'Shapes (generated: circles, squares, triangles, crosses)',
    short: 'Shapes',
    shape: null,
    classes: 4,
    trainSize: 2_000,
    testSize: 400,
    normalization: null,
  },
};

export const isBuiltInDataset = (spec: string): spec is BuiltInDataset =>
  (BUILT_IN_DATASETS as readonly string[]).includes(spec);

/** The images a built-in dataset gives a graph with this input (shapes are drawn at the input's size). */
export function builtInImageShape(name: BuiltInDataset, input: readonly number[] | null): ImageShape {
  const info = BUILT_IN_INFO[name];
  if (info.shape !== null) return info.shape;
  const [h = 28, , c = 1] = input ?? [];
  return [h, h, c === 3 ? 3 : 1];
}
