import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../shared/teaching/sample';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import type { Padding } from '../../../shared/layers/common/params';
import { volumeOf, type Volume } from '../../../shared/teaching/grid';
import { poolGeometry, poolOutput, poolStep, writePoolStep } from '../../../shared/teaching/pool';
import { explainNode } from '../../../shared/teaching/explain';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getPreset } from '../../../shared/presets';
import { buildModel } from '../../../main/training/model/build';
import { chain } from '../analysis/helpers';

/**
 * The pooling explainer with PyTorch's options — ceil mode (the last window may reach past the input; those
 * cells never win) and padding that never wins (−∞ for max, +∞ for min) — against the layer Stride trains
 * (StridePool2D, built by tfjs from the graph), on seeded random cases; and "Explain this layer" on
 * SqueezeNet's ceil-mode pooling.
 */
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const rng = prng;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** What the trained graph's pooling computes on `input` ([C][H][W]). */
function trained(
  input: Volume,
  params: { size: number; stride: number; padding: Padding; ceilMode: boolean; ignorePadding: boolean },
  kind: 'maxpool2d' | 'minpool2d',
): number[][][] {
  const c = input.length;
  const h = input[0]?.length ?? 0;
  const w = input[0]?.[0]?.length ?? 0;
  const topology = toKerasTopology(
    chain([
      ['input', 'input', { shape: [h, w, c] }],
      ['pool', kind, params],
      ['flatten', 'flatten'],
    ]),
  );
  if (!topology.ok) throw new Error(topology.error.message);
  const model = buildModel(topology.value);
  try {
    const x = tf.tensor4d(
      Array.from(
        { length: h * w * c },
        (_, i) => input[i % c]?.[Math.floor(i / c / w)]?.[Math.floor(i / c) % w] ?? 0,
      ),
      [1, h, w, c],
    );
    const layer = model.layers.find((l) => l.getClassName() === 'StridePool2D');
    if (layer === undefined) throw new Error('no StridePool2D in the built model');
    const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
    const [, oh = 0, ow = 0, oc = 0] = y.shape;
    const data = y.dataSync();
    tf.dispose([x, y]);
    return volumeOf(oc, oh, ow, (k, yy, xx) => data[(yy * ow + xx) * oc + k] ?? NaN);
  } finally {
    model.dispose();
  }
}

describe('pooling with PyTorch’s options equals StridePool2D', () => {
  const r = rng(23);
  const paddings: readonly Padding[] = ['valid', 1, [0, 1, 1, 0], 'full'];
  for (let i = 0; i < 16; i += 1) {
    const mode = i % 2 === 0 ? 'max' : 'min';
    const ceilMode = i % 4 !== 3;
    // At least one option on: without either the layer is Keras's own pooling (tfjs.test.ts checks that).
    const ignorePadding = i % 3 !== 0 || !ceilMode;
    const size = int(r, 2, 3);
    const stride = int(r, 2, 3);
    const padding = paddings[i % paddings.length] ?? 'valid';
    const c = int(r, 1, 2);
    const h = int(r, size + 1, 8);
    const w = int(r, size + 1, 8);
    // Negative values too, so zero padding and cells that never win give different answers.
    const input = volumeOf(c, h, w, () => Math.round((r() * 4 - 2) * 100) / 100);
    it(`${mode} ${c}×${h}×${w} window ${size} /${stride} pad ${JSON.stringify(padding)}${ceilMode ? ' ceil' : ''}${ignorePadding ? ' ±∞ pad' : ''}`, () => {
      const problem = { input, mode, size, stride, padding, ceilMode, ignorePadding } as const;
      const want = trained(
        input,
        { size, stride, padding, ceilMode, ignorePadding },
        mode === 'max' ? 'maxpool2d' : 'minpool2d',
      );
      const got = poolOutput(problem);
      expect(got.map((g) => [g.length, g[0]?.length])).toEqual(want.map((g) => [g.length, g[0]?.length]));
      got.forEach((g, k) =>
        g.forEach((row, y) => row.forEach((v, x) => expect(v).toBeCloseTo(want[k]?.[y]?.[x] ?? NaN, 6))),
      );
    });
  }

  it('a worked case: 5×5, 2×2 window, stride 2, ceil mode → 3×3; the last window reads one real cell', () => {
    const input = [volumeOf(1, 5, 5, (_, y, x) => -(y * 5 + x))[0] ?? []];
    const problem = { input, mode: 'max', size: 2, stride: 2, padding: 'valid', ceilMode: true } as const;
    const g = poolGeometry(problem);
    expect([g.outH, g.outW, g.overhang]).toEqual([3, 3, [1, 1]]);
    expect(g.formulas[0]).toBe(
      'H: ⌈(5 + 2·0 − 2)/2⌉ + 1 = 3 (ceil_mode: the last window starts at 4 < 5 + 0, inside the input)',
    );
    const last = poolStep(problem, 0, 2, 2, g);
    expect(last.cells.filter((c) => c.counted)).toHaveLength(1);
    expect(writePoolStep(last, 'max')).toBe('max(−24) = −24');
    // Keras's floor rule on the same input drops the last row and column.
    expect(poolGeometry({ ...problem, ceilMode: false })).toMatchObject({ outH: 2, outW: 2 });
  });
});

describe('Explain this layer on a ceil-mode pooling', () => {
  it('SqueezeNet 1.1’s pool1 opens the pooling lesson with ceil mode on', () => {
    const doc = getPreset('squeezenet1_1')?.build();
    if (doc === undefined) throw new Error('no squeezenet1_1');
    const node = doc.nodes.find((n) => n.id === 'pool1');
    const a = analyzeGraph(doc).nodes.get('pool1');
    if (node === undefined || a === undefined) throw new Error('no pool1');
    const t = explainNode(node, a);
    expect(t).toMatchObject({
      lesson: 'pool',
      setup: { mode: 'max', size: [3, 3], stride: [2, 2], ceilMode: true },
    });
    // The explainer's own geometry on the layer's real input size gives the analysis' output size.
    if (t.lesson !== 'pool') return;
    const [h, w] = t.setup.inputShape;
    const g = poolGeometry({
      input: volumeOf(1, h, w, () => 0),
      mode: 'max',
      size: [...t.setup.size],
      stride: [...t.setup.stride],
      padding: t.setup.padding,
      ceilMode: true,
    });
    expect([g.outH, g.outW]).toEqual(a.outputShape?.slice(0, 2));
  });
});
