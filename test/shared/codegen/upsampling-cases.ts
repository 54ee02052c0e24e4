import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import type { LayerKind } from '../../../shared/layers/types';
import { ChainBuilder } from '../../../shared/presets/builder';

/**
 * Small graphs ending in a Conv2DTranspose or UpSampling2D, one per padding form and interpolation: Keras
 * 'valid'/'same' (odd crops, kernels smaller than the stride), PyTorch's P with output_padding (from the crop
 * and past the full output), an uneven [t, b, l, r] crop, dilation, rectangular kernels and strides, nearest and
 * bilinear at square and rectangular factors, and a small decoder. Shared by the PyTorch oracle and the import
 * round trip.
 */
type Params = Record<string, GraphNode['params'][string]>;

function chain(id: string, input: readonly number[], layers: readonly [LayerKind, Params][]): GraphDoc {
  const b = new ChainBuilder().add('input', 'input', { shape: [...input] });
  layers.forEach(([kind, params], i) => b.add(`l${i}`, kind, params));
  return b.build(id, '', {});
}

const convT = (params: Params): [LayerKind, Params] => [
  'conv2dtranspose',
  { filters: 3, activation: 'linear', ...params },
];

export const UPSAMPLING_CASES: readonly { id: string; doc: GraphDoc; torch?: RegExp }[] = [
  { id: 'valid-k3-s2', doc: chain('a', [5, 6, 2], [convT({ kernel: 3, stride: 2, padding: 'valid' })]) },
  {
    id: 'same-k3-s2-odd-crop',
    doc: chain('a', [5, 4, 2], [convT({ kernel: 3, stride: 2, padding: 'same' })]),
  },
  { id: 'same-k4-s2', doc: chain('a', [4, 4, 3], [convT({ kernel: 4, stride: 2, padding: 'same' })]) },
  {
    id: 'valid-k1-s3-appends',
    doc: chain('a', [4, 3, 2], [convT({ kernel: 1, stride: 3, padding: 'valid' })]),
  },
  {
    id: 'same-k2-s3-appends',
    doc: chain('a', [3, 4, 2], [convT({ kernel: 2, stride: 3, padding: 'same' })]),
  },
  {
    id: 'pytorch-p1-op1',
    doc: chain('a', [5, 5, 2], [convT({ kernel: 3, stride: 2, padding: 1, outputPadding: 1 })]),
    torch: /nn\.ConvTranspose2d\(2, 3, kernel_size=3, stride=2, padding=1, output_padding=1\)\n/,
  },
  {
    id: 'pytorch-p0-op1-past-full',
    doc: chain('a', [4, 4, 2], [convT({ kernel: 3, stride: 2, padding: 0, outputPadding: 1 })]),
  },
  {
    id: 'dilated-p1-op2',
    doc: chain('a', [6, 5, 2], [convT({ kernel: 3, stride: 1, padding: 1, outputPadding: 2, dilation: 3 })]),
    torch: /padding=1, output_padding=2, dilation=3\)/,
  },
  {
    id: 'dilated-same-s2',
    doc: chain('a', [4, 5, 2], [convT({ kernel: 3, stride: 2, padding: 'same', dilation: 2 })]),
  },
  {
    id: 'uneven-crop',
    doc: chain(
      'a',
      [5, 4, 2],
      [convT({ kernel: 4, stride: 2, padding: [0, 2, 1, 0], outputPadding: [1, 0] })],
    ),
  },
  {
    id: 'rectangular-tanh-nobias',
    doc: chain(
      'a',
      [4, 5, 3],
      [
        convT({
          kernel: [3, 2],
          stride: [2, 1],
          padding: 1,
          outputPadding: [1, 0],
          activation: 'tanh',
          useBias: false,
        }),
      ],
    ),
  },
  { id: 'nearest-2', doc: chain('a', [3, 4, 2], [['upsampling2d', { size: 2 }]]) },
  { id: 'nearest-2x3', doc: chain('a', [3, 4, 2], [['upsampling2d', { size: [2, 3] }]]) },
  {
    id: 'bilinear-2',
    doc: chain('a', [4, 3, 2], [['upsampling2d', { size: 2, interpolation: 'bilinear' }]]),
  },
  {
    id: 'bilinear-3x2',
    doc: chain('a', [3, 5, 2], [['upsampling2d', { size: [3, 2], interpolation: 'bilinear' }]]),
  },
  {
    id: 'decoder',
    doc: chain(
      'a',
      [8, 8, 1],
      [
        ['conv2d', { filters: 4, kernel: 3, stride: 2, padding: 'same', activation: 'relu' }],
        convT({ filters: 4, kernel: 2, stride: 2, padding: 'valid', activation: 'relu' }),
        ['upsampling2d', { size: 2, interpolation: 'bilinear' }],
        convT({ filters: 2, kernel: 3, stride: 1, padding: 1, activation: 'sigmoid' }),
      ],
    ),
  },
];
