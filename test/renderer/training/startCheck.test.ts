import { describe, expect, it } from 'vitest';
import { analyzeDoc, presetDoc, setParams } from '../../../renderer/src/model/core';
import { startBlockers } from '../../../renderer/src/training/startCheck';
import { chain } from '../helpers';

const analysisOf = (id: string) => {
  const doc = presetDoc(id);
  if (doc === undefined) throw new Error(`no preset ${id}`);
  return analyzeDoc(doc);
};
const base = { formErrors: {}, connected: true } as const;
const codes = (b: { code: string }[]) => b.map((x) => x.code);

describe('why Start is disabled', () => {
  it('lets the seed Keras network train on MNIST', () => {
    expect(startBlockers({ ...base, analysis: analysisOf('mnist-keras'), datasetKind: 'mnist' })).toEqual([]);
  });

  it('explains a dataset that does not fit the input, with the fix and the node', () => {
    const [blocker] = startBlockers({ ...base, analysis: analysisOf('lenet5'), datasetKind: 'mnist' });
    expect(blocker?.code).toBe('DATASET_SHAPE_MISMATCH');
    expect(blocker?.message).toMatch(/32×32×1.*28×28×1.*Fix: set Input to 28×28×1/);
    expect(blocker?.nodeId).not.toBeNull();
  });

  it('checks the output against the number of classes of the built-in dataset', () => {
    const blockers = startBlockers({ ...base, analysis: analysisOf('mnist-keras'), datasetKind: 'shapes' });
    expect(codes(blockers)).toEqual(['TRAINING_OUTPUT_MISMATCH']);
    expect(blockers[0]?.message).toMatch(/4 classes.*10 outputs/);
  });

  it('sends graph errors to the Problems tab', () => {
    const doc = chain('conv2d', 'dense');
    const conv = doc.nodes.find((n) => n.kind === 'conv2d');
    if (conv === undefined) throw new Error('no conv');
    const broken = setParams(doc, conv.id, { kernel: 99, padding: 'valid' });
    const blockers = startBlockers({ ...base, analysis: analyzeDoc(broken), datasetKind: 'mnist' });
    expect(blockers[0]).toMatchObject({ code: 'GRAPH_HAS_ERRORS', where: 'problems' });
  });

  it('a BatchNorm without center or scale: the node and the fix (tfjs cannot train it)', () => {
    const withBn = chain('conv2d', 'batchnorm', 'flatten', 'dense');
    const bn = withBn.nodes.find((n) => n.kind === 'batchnorm');
    if (bn === undefined) throw new Error('no batchnorm');
    const ok = startBlockers({ ...base, analysis: analyzeDoc(withBn), datasetKind: 'path' });
    expect(codes(ok)).toEqual([]);
    const off = setParams(withBn, bn.id, { center: false });
    const blockers = startBlockers({ ...base, analysis: analyzeDoc(off), datasetKind: 'path' });
    expect(blockers).toEqual([
      {
        code: 'TRAINING_UNSUPPORTED_LAYER',
        message: expect.stringMatching(/Center \(β\) turned off.*Fix: turn on Center \(β\) and Scale \(γ\)/),
        nodeId: bn.id,
        where: 'graph',
      },
    ]);
  });

  it('lists a missing back end and invalid settings', () => {
    const blockers = startBlockers({
      analysis: analysisOf('mnist-keras'),
      datasetKind: 'path',
      formErrors: { epochs: 'Enter a whole number.' },
      connected: false,
    });
    expect(codes(blockers)).toEqual(['BACKEND_NOT_CONNECTED', 'TRAINING_CONFIG_INVALID']);
  });
});
