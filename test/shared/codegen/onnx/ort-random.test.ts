import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { getPreset } from '../../../../shared/presets';
import { ChainBuilder, conv } from '../../../../shared/presets/builder';
import { onnxBytes } from '../../../../shared/codegen/onnx/export';
import { randomGraph } from '../../../main/training/model/random-graphs';
import {
  inputShapeOf,
  predict,
  relativeError,
  runOnnx,
  sampleInput,
  tfjsModel,
  trainedLikeWeights,
} from './helpers';
import { backendReady, expectOrtEqualsTfjs, TOLERANCE } from './cases';

beforeAll(backendReady);

const kindsOf = (doc: GraphDoc) => new Set(analyzeGraph(doc).expanded.nodes.map((p) => p.kind));

/**
 * `n` seeded random graphs that are valid: first, in seed order, each that brings a primitive kind the ones
 * before lack (so together they use every kind), then the first remaining valid seeds.
 */
function validGraphs(n: number): (readonly [number, GraphDoc])[] {
  const valid: (readonly [number, GraphDoc])[] = [];
  for (let seed = 1; valid.length < 400 && seed < 5000; seed += 1) {
    const doc = randomGraph(seed);
    if (analyzeGraph(doc).ok) valid.push([seed, doc]);
  }
  const seen = new Set<string>();
  const picked = valid.filter(([, doc]) => {
    const fresh = [...kindsOf(doc)].filter((k) => !seen.has(k));
    for (const k of fresh) seen.add(k);
    return fresh.length > 0;
  });
  for (const g of valid) if (picked.length < n && !picked.includes(g)) picked.push(g);
  return picked.slice(0, n).sort((a, b) => a[0] - b[0]);
}

describe('ONNX export: ONNX Runtime computes what tfjs computes (seeded random graphs)', () => {
  const graphs = validGraphs(20);

  it('20 graphs that use every primitive kind between them', () => {
    expect(graphs).toHaveLength(20);
    const kinds = new Set(graphs.flatMap(([, doc]) => [...kindsOf(doc)]));
    expect([...kinds].sort()).toEqual(
      [
        'activation',
        'add',
        'avgpool2d',
        'batchnorm',
        'concatenate',
        'conv2d',
        'dense',
        'depthwiseconv2d',
        'dropout',
        'flatten',
        'globalavgpool',
        'globalmaxpool',
        'input',
        'lrn',
        'maxpool2d',
        'minpool2d',
        'multiply',
        'reshape',
        'softmax',
        'zeropadding2d',
        'conv2dtranspose',
        'upsampling2d',
      ].sort(),
    );
  });

  it.each(graphs.map(([seed, doc]) => [seed, doc] as const))('seed %i (batch 3)', async (seed, doc) => {
    await expectOrtEqualsTfjs(doc, 3, seed);
  });

  // Pooling is where tfjs and ONNX differ most (which padded cells count, −∞ or zeros): every kind × padding
  // form, on odd sizes where 'same' pads unevenly, after a conv so values are negative too.
  const PADDINGS = ['valid', 'same', 'full', 1, [0, 2, 1, 0]] as const;
  it.each(
    (['maxpool2d', 'avgpool2d', 'minpool2d'] as const).flatMap((kind) =>
      PADDINGS.map((padding) => [kind, JSON.stringify(padding), padding] as const),
    ),
  )('%s, padding %s', async (kind, _label, padding) => {
    const doc = new ChainBuilder()
      .add('input', 'input', { shape: [11, 9, 2] })
      .add('conv', 'conv2d', conv(3, 3, { padding: 'same', activation: 'linear' }))
      .add('pool', kind, {
        size: 3,
        stride: 2,
        padding: typeof padding === 'object' ? [...padding] : padding,
      })
      .build(`${kind} ${JSON.stringify(padding)}`, '', {});
    expect(analyzeGraph(doc).ok).toBe(true);
    await expectOrtEqualsTfjs(doc, 2, 9);
  });

  it('the comparison sees a wrong weight: one bias off by 0.01 is far outside the tolerance', async () => {
    const doc = getPreset('lenet5')?.build();
    if (doc === undefined) throw new Error('no lenet5');
    const weights = trainedLikeWeights(3);
    const bytes = onnxBytes(doc, {
      weights: (spec) => {
        const v = weights(spec);
        if (v === null || !spec.name.endsWith('/bias')) return v;
        const off = Float32Array.from(v);
        off[0] = (off[0] as number) + 0.01;
        return off;
      },
    });
    if (!bytes.ok) throw new Error(bytes.error.message);
    const { hwc, nchw } = sampleInput(inputShapeOf(doc), 2, 3);
    const model = tfjsModel(doc, weights);
    const expected = predict(model, hwc);
    model.dispose();
    const got = await runOnnx(bytes.value.concat(), nchw);
    expect(relativeError(got.output, expected)).toBeGreaterThan(100 * TOLERANCE);
  });
});
