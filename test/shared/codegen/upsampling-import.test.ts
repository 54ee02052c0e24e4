import { describe, expect, it } from 'vitest';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasJson } from '../../../shared/codegen/keras-json';
import { tfjsArtifacts } from '../../../shared/codegen/tfjs-artifacts';
import { importModelJson } from '../../../shared/codegen/import/import';
import { UPSAMPLING_CASES } from './upsampling-cases';

/**
 * Keras JSON and tfjs model.json of every up-sampling case, without the kept Stride graph, read back: the same
 * layers, shapes and parameters, and the padding forms as they were (Keras's Conv2DTranspose for 'valid'/'same',
 * StrideConv2DTranspose for the rest).
 */
const signature = (a: GraphAnalysis) =>
  a.expanded.nodes.map((n) => {
    const p = a.primitives.get(n.id);
    return `${n.kind} ${JSON.stringify(p?.outputShape)} ${p?.params.total}`;
  });

function topologyOnly(doc: GraphDoc): string[] {
  const keras = toKerasJson(doc, { includeGraph: false });
  const tfjs = tfjsArtifacts(doc);
  if (!keras.ok || !tfjs.ok) throw new Error('not exportable');
  const json = { ...tfjs.value.modelJson };
  delete json.userDefinedMetadata;
  return [keras.value, JSON.stringify(json)];
}

const last = (doc: GraphDoc) => doc.nodes[doc.nodes.length - 1]?.params;

describe('Conv2DTranspose and UpSampling2D: import(export(g))', () => {
  for (const { id, doc } of UPSAMPLING_CASES) {
    it(`${id}: Keras JSON and model.json come back as the same layers and settings`, () => {
      const original = analyzeGraph(doc);
      for (const text of topologyOnly(doc)) {
        const r = importModelJson(text);
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
        expect(r.value.report.issues).toEqual([]);
        const back = analyzeGraph(r.value.doc);
        expect(back.ok).toBe(true);
        expect(signature(back)).toEqual(signature(original));
        const want = last(doc);
        const got = last(r.value.doc);
        for (const key of ['padding', 'outputPadding', 'dilation', 'interpolation', 'size'])
          if (want?.[key] !== undefined) expect([key, got?.[key]]).toEqual([key, want[key]]);
      }
    });
  }

  it("reads Keras's output_padding with 'valid' as P = 0, and refuses it with 'same'", () => {
    const layer = (padding: string) =>
      JSON.stringify({
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [
            { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 5, 5, 2] } },
            {
              class_name: 'Conv2DTranspose',
              config: {
                name: 't',
                filters: 3,
                kernel_size: [3, 3],
                strides: [2, 2],
                padding,
                output_padding: [1, 1],
              },
            },
          ],
        },
      });
    const valid = importModelJson(layer('valid'));
    if (!valid.ok) throw new Error(valid.error.message);
    const t = valid.value.doc.nodes.find((n) => n.kind === 'conv2dtranspose');
    expect(t?.params).toMatchObject({ padding: 0, outputPadding: 1 });
    expect(analyzeGraph(valid.value.doc).nodes.get(t?.id ?? '')?.outputShape).toEqual([12, 12, 3]);
    const same = importModelJson(layer('same'));
    // Exact or refused: the refusal names the layer with the option's code.
    expect(same.ok).toBe(false);
    expect(same.ok ? [] : same.errors.map((e) => e.code)).toContain('IMPORT_UNSUPPORTED_OPTION');
  });
});
