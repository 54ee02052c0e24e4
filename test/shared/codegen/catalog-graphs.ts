import type { GraphDoc } from '../../../shared/graph/schema';
import type { ActivationName } from '../../../shared/layers/common/params';
import { chain } from '../analysis/helpers';

/**
 * Small graphs that use the catalog's modern pieces (issue 13: activations), each once as an Activation node and
 * once folded into a Conv2D and a Dense, for the oracle, round-trip and training tests.
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

/** Every modern graph, by a stable id. */
export function catalogGraphs(): { readonly id: string; readonly doc: GraphDoc }[] {
  return MODERN_ACTIVATIONS.map((a) => ({ id: `act-${a}`, doc: activationGraph(a) }));
}
