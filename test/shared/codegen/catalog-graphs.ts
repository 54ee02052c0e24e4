import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import type { ActivationName } from '../../../shared/layers/common/params';
import type { LayerKind } from '../../../shared/layers/types';
import { catalog } from '../../../shared/layers/registry';
import { chain } from '../analysis/helpers';

type Part = readonly [id: string, kind: LayerKind, params: GraphNode['params'], inputs: readonly string[]];

/** A graph from `[id, kind, params, inputs]` rows (inputs name earlier rows; the first row is the input). */
export function dag(name: string, parts: readonly Part[]): GraphDoc {
  return {
    version: 1,
    name,
    description: '',
    nodes: parts.map(([id, kind, params], i) => ({
      id,
      kind,
      name: id,
      params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
      position: { x: 0, y: i * 100 },
    })),
    edges: parts.flatMap(([id, , , inputs]) =>
      inputs.map((source, port) => ({ id: `${source}-${id}-${port}`, source, target: id, targetPort: port })),
    ),
  };
}

/**
 * Squeeze-and-excitation (Hu et al. 2018) with Reshape and Multiply: a gate per channel from the pooled
 * image, reshaped to 1×1×C and multiplied back in; then an image → image Reshape that mixes rows and
 * channels (channels-last order) before a conv, and one to a vector with −1.
 */
export function squeezeExcite(): GraphDoc {
  return dag('squeeze-and-excitation', [
    ['input', 'input', { shape: [6, 6, 3] }, []],
    ['conv', 'conv2d', { filters: 4, kernel: 3, padding: 'same', activation: 'relu' }, ['input']],
    ['squeeze', 'globalavgpool', {}, ['conv']],
    ['reduce', 'dense', { units: 2, activation: 'relu' }, ['squeeze']],
    ['gate', 'dense', { units: 4, activation: 'sigmoid' }, ['reduce']],
    ['scale', 'reshape', { shape: [1, 1, 4] }, ['gate']],
    ['excite', 'multiply', {}, ['conv', 'scale']],
    ['mix', 'reshape', { shape: [9, -1, 2] }, ['excite']],
    ['conv2', 'conv2d', { filters: 3, kernel: 3, activation: 'tanh' }, ['mix']],
    ['flat', 'reshape', { shape: [-1] }, ['conv2']],
    ['out', 'dense', { units: 3, activation: 'linear' }, ['flat']],
  ]);
}

/** A vector laid out as an image and back, and two vectors multiplied (a gated unit). */
export function vectorReshape(): GraphDoc {
  return dag('vector reshape', [
    ['input', 'input', { shape: [10] }, []],
    ['fc', 'dense', { units: 24, activation: 'linear' }, ['input']],
    ['image', 'reshape', { shape: [2, 3, 4] }, ['fc']],
    ['conv', 'conv2d', { filters: 5, kernel: [2, 1], activation: 'relu' }, ['image']],
    ['back', 'reshape', { shape: [15] }, ['conv']],
    ['a', 'dense', { units: 6, activation: 'tanh' }, ['back']],
    ['b', 'dense', { units: 6, activation: 'sigmoid' }, ['back']],
    ['gated', 'multiply', {}, ['a', 'b']],
    ['out', 'dense', { units: 2, activation: 'linear' }, ['gated']],
  ]);
}

/**
 * Small graphs that use the catalog's modern pieces (issue 13): activations, each once as an Activation node
 * and once folded into a Conv2D and a Dense; Reshape and Multiply. For the oracle, round-trip and training tests.
 */
export const MODERN_ACTIVATIONS: readonly ActivationName[] = [
  'leaky_relu',
  'elu',
  'selu',
  'swish',
  'gelu',
  'hard_swish',
  'sigmoid',
  'tanh',
];

/** Conv (folded activation) → Activation node → flatten → Dense (folded) → Dense 3, on 6×6×2. */
export function activationGraph(a: ActivationName): GraphDoc {
  return chain(
    [
      ['input', 'input', { shape: [6, 6, 2] }],
      ['conv', 'conv2d', { filters: 4, kernel: 3, padding: 'same', activation: a }],
      // α is the leaky slope; other activations keep the default the import gives them.
      ['act', 'activation', { activation: a, alpha: a === 'leaky_relu' ? 0.15 : 0.3 }],
      ['flatten', 'flatten'],
      ['fc', 'dense', { units: 5, activation: a }],
      ['out', 'dense', { units: 3, activation: 'linear' }],
    ],
    `activation ${a}`,
  );
}

/**
 * PyTorch's pooling options on values that go negative (a linear conv first): ceil mode on valid padding (an
 * overhang of −∞), min pooling with +∞ padding and ceil mode where PyTorch's rule drops the last window, max
 * pooling with zero padding and ceil mode, and padding that never wins without ceil mode.
 */
export function pytorchPools(): GraphDoc {
  return chain(
    [
      ['input', 'input', { shape: [8, 8, 2] }],
      ['conv', 'conv2d', { filters: 3, kernel: 1, activation: 'linear' }],
      ['ceil', 'maxpool2d', { size: 3, stride: 2, ceilMode: true }],
      ['minceil', 'minpool2d', { size: 2, stride: 2, padding: 1, ceilMode: true, ignorePadding: true }],
      ['conv2', 'conv2d', { filters: 4, kernel: 1, activation: 'linear' }],
      ['zeroceil', 'maxpool2d', { size: 2, stride: 2, padding: 1, ceilMode: true }],
      ['conv3', 'conv2d', { filters: 4, kernel: 1, activation: 'linear' }],
      ['inf', 'maxpool2d', { size: 3, stride: 1, padding: [1, 0, 2, 1], ignorePadding: true }],
      ['flatten', 'flatten'],
      ['out', 'dense', { units: 3, activation: 'linear' }],
    ],
    'pytorch pooling',
  );
}

/** Every modern graph, by a stable id. */
export function catalogGraphs(): { readonly id: string; readonly doc: GraphDoc }[] {
  return [
    ...MODERN_ACTIVATIONS.map((a) => ({ id: `act-${a}`, doc: activationGraph(a) })),
    { id: 'squeeze-excite', doc: squeezeExcite() },
    { id: 'vector-reshape', doc: vectorReshape() },
    { id: 'pytorch-pools', doc: pytorchPools() },
  ];
}
