import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { importModelJson } from '../../../shared/codegen/import/import';
import { buildModel } from '../../../main/training/model/build';
import { exportCorpus } from './corpus';

/**
 * What a training run saves is tfjs-layers' own serialisation (class_name 'Model', tfjs's keys and
 * initialisers), not Stride's Keras JSON: importing it must give the same network too.
 */
/** Each layer with what it takes and gives, in any order: tfjs writes its layers in its own topological order. */
const signature = (a: GraphAnalysis) =>
  a.expanded.nodes
    .map((n) => {
      const p = a.primitives.get(n.id);
      return `${n.kind} ${JSON.stringify(p?.inputShapes)} → ${JSON.stringify(p?.outputShape)} ${p?.params.total}`;
    })
    .sort();

const corpus = exportCorpus(40).filter((c) => !['alexnet', 'vgg16', 'resnet34', 'resnet50'].includes(c.id));

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('import of a model.json written by tfjs itself (model.save)', () => {
  it.each(corpus.map((c) => [c.id, c.doc] as const))('%s', (_id, doc) => {
    const analysis = analyzeGraph(doc);
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    const model = buildModel(topology.value, { initializer: 'zeros' });
    try {
      const modelTopology = model.toJSON(null, false);
      const text = JSON.stringify({
        format: 'layers-model',
        generatedBy: 'tfjs',
        modelTopology,
        weightsManifest: [],
      });
      const r = importModelJson(text);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      expect(r.value.report.issues).toEqual([]);
      const back = analyzeGraph(r.value.doc);
      expect(signature(back)).toEqual(signature(analysis));
      expect(back.totals).toEqual(analysis.totals);
      expect(back.expanded.edges.length).toBe(analysis.expanded.edges.length);
    } finally {
      model.dispose();
    }
  });
});
