import type { Grid } from './grid';

/**
 * The lecture notes' worked examples: each lesson opens on them, and the tests check the lessons' arithmetic
 * reproduces the notes' answers from these inputs (the answers themselves are never stored here).
 */

/** The 4×4 input and 3×3 filter of the convolution example (stride 1; padding 0, then 1). */
export const CONV_INPUT: Grid = [
  [1, 2, 3, 0],
  [0, 1, 2, 3],
  [3, 0, 1, 2],
  [2, 3, 0, 1],
];
export const CONV_FILTER: Grid = [
  [2, 0, 1],
  [0, 1, 2],
  [1, 0, 2],
];

/** The 7×7 input of the stride example: the rows 1 2 3 0 1 2 3 shifted right by one each row. */
export const STRIDE_INPUT: Grid = Array.from({ length: 7 }, (_, y) =>
  Array.from({ length: 7 }, (_, x) => [1, 2, 3, 0][(((x - y) % 4) + 4) % 4] ?? 0),
);

/** The max-pooling example: 4×4, window 2×2, stride 2. */
export const POOL_INPUT: Grid = [
  [1, 2, 1, 0],
  [0, 1, 2, 3],
  [3, 0, 1, 2],
  [2, 4, 0, 1],
];

/** im2col's example: a batch of 1 image with 3 channels of 7×7 and a 5×5 filter, stride 1, no padding. */
export const IM2COL_EXAMPLE = { n: 1, c: 3, h: 7, w: 7, kernel: 5, stride: 1, padding: 0 } as const;

/** The feature-map size examples: 5×5 with 3×3 (stride 1, no padding); 7×7 with 3×3 at strides 1, 2, 3. */
export const SIZE_EXAMPLE = { n: 5, f: 3, s: 1, p: 0 } as const;
export const STRIDE_TABLE_EXAMPLE = { n: 7, f: 3, p: 0, strides: [1, 2, 3] } as const;

/** The softmax example: two classes, dog = [1, 0] and cat = [0, 1], the network's scores [0.37, 1.58]. */
export const SOFTMAX_EXAMPLE = { classes: ['dog', 'cat'], logits: [0.37, 1.58], target: 1 } as const;

/** Cross-entropy against L1 for two predictions of the cat ([0, 1]): confident and right, and wrong. */
export const CE_VS_L1_EXAMPLE = [
  [0.1, 0.9],
  [0.7, 0.3],
] as const;
