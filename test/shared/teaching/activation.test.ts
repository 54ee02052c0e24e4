import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activate, elementWise } from '../../../shared/teaching/activation';
import { ACTIVATIONS } from '../../../shared/layers/common/params';
import { activationGraph } from '../codegen/catalog-graphs';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { buildModel } from '../../../main/training/model/build';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const xs = [-5, -3, -1.5, -0.5, -1e-3, 0, 0.25, 1, 2.5, 3, 4, 7];

/** The Activation node of the kind, built by tfjs as training builds it, applied to xs. */
function tfjsValues(a: (typeof ACTIVATIONS)[number]): number[] {
  const doc = activationGraph(a);
  const topology = toKerasTopology(doc);
  if (!topology.ok) throw new Error(topology.error.message);
  const model = buildModel(topology.value);
  try {
    const layer = model.getLayer('act');
    return tf.tidy(() => Array.from((layer.apply(tf.tensor(xs, [1, xs.length])) as tf.Tensor).dataSync()));
  } finally {
    model.dispose();
  }
}

describe('the explainer’s activation arithmetic equals what tfjs trains', () => {
  for (const a of ACTIVATIONS.filter(elementWise)) {
    it(`${a}`, () => {
      // The explainer's leaky relu is the folded one (slope 0.3); the graph's Activation node has 0.15.
      const want = tfjsValues(a);
      const got = xs.map((x) => (a === 'leaky_relu' ? (x < 0 ? 0.15 * x : x) : activate(a, x)));
      got.forEach((g, i) =>
        expect(Math.abs(g - (want[i] ?? NaN))).toBeLessThan(2e-6 * Math.max(1, Math.abs(g))),
      );
    });
  }

  it('worked values: hard swish is x·relu6(x + 3)/6, swish x·σ(x), selu scale·x above 0', () => {
    expect(activate('hard_swish', -3)).toBeCloseTo(0, 12);
    expect(activate('hard_swish', 3)).toBe(3);
    expect(activate('hard_swish', 1)).toBeCloseTo(4 / 6, 12);
    expect(activate('swish', 1)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(activate('selu', 1)).toBeCloseTo(1.0507009873554805, 12);
    expect(activate('selu', -1)).toBeCloseTo(
      1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1),
      12,
    );
    expect(activate('gelu', 1)).toBeCloseTo(0.8413447460685429, 6);
  });
});
