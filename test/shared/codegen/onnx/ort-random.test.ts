import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { getPreset } from '../../../../shared/presets';
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

/** The first `n` seeds whose random graph is valid, with the graph. */
function validGraphs(n: number): (readonly [number, GraphDoc])[] {
  const out: (readonly [number, GraphDoc])[] = [];
  for (let seed = 1; out.length < n && seed < 5000; seed += 1) {
    const doc = randomGraph(seed);
    if (analyzeGraph(doc).ok) out.push([seed, doc]);
  }
  return out;
}

describe('ONNX export: ONNX Runtime computes what tfjs computes (seeded random graphs)', () => {
  const graphs = validGraphs(20);

  it('20 graphs that use every primitive kind between them', () => {
    expect(graphs).toHaveLength(20);
    const kinds = new Set(graphs.flatMap(([, doc]) => analyzeGraph(doc).expanded.nodes.map((p) => p.kind)));
    expect([...kinds].sort()).toEqual(
      [
        'activation',
        'add',
        'avgpool2d',
        'batchnorm',
        'concatenate',
        'conv2d',
        'dense',
        'dropout',
        'flatten',
        'globalavgpool',
        'globalmaxpool',
        'input',
        'lrn',
        'maxpool2d',
        'minpool2d',
        'softmax',
        'zeropadding2d',
      ].sort(),
    );
  });

  it.each(graphs.map(([seed, doc]) => [seed, doc] as const))('seed %i (batch 3)', async (seed, doc) => {
    await expectOrtEqualsTfjs(doc, 3, seed);
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
