import { describe, expect, it } from 'vitest';
import { analyzeDoc, presetDoc, setParams } from '../../../renderer/src/model/core';
import { startBlockers } from '../../../renderer/src/training/startCheck';
import { chain } from '../helpers';
import { presets } from '../../../shared/presets';

const analysisOf = (id: string) => {
  const doc = presetDoc(id);
  if (doc === undefined) throw new Error(`no preset ${id}`);
  return analyzeDoc(doc);
};
const base = { formErrors: {}, connected: true } as const;
const codes = (b: { code: string }[]) => b.map((x) => x.code);
const inputId = (doc: { nodes: readonly { id: string; kind: string }[] }) =>
  doc.nodes.find((n) => n.kind === 'input')?.id ?? '';

describe('why Start is disabled', () => {
  it('lets the seed Keras network train on MNIST', () => {
    expect(startBlockers({ ...base, analysis: analysisOf('mnist-keras'), datasetKind: 'mnist' })).toEqual([]);
  });

  it('explains a dataset that does not fit the input, with the fix and the node', () => {
    const [blocker] = startBlockers({ ...base, analysis: analysisOf('lenet5'), datasetKind: 'mnist' });
    expect(blocker?.code).toBe('DATASET_SHAPE_MISMATCH');
    expect(blocker?.message).toMatch(/32×32×1.*28×28×1.*Fix: pad 2 pixels with zeros/);
    expect(blocker?.nodeId).not.toBeNull();
    expect(blocker?.suggestions?.[0]).toEqual({
      action: 'transform',
      transform: { pad: [2, 2, 2, 2] },
      shape: [32, 32, 1],
    });
  });

  it('every preset whose input differs from MNIST gets a one-click fix that works (LeNet-5: pad 2, not set-input)', () => {
    const fixed: string[] = [];
    for (const p of presets) {
      const doc = presetDoc(p.id);
      if (doc === undefined) throw new Error(p.id);
      const analysis = analyzeDoc(doc);
      const ctx = { ...base, analysis, doc, datasetKind: 'mnist' } as const;
      const misfit = startBlockers(ctx).find((b) => b.code === 'DATASET_SHAPE_MISMATCH');
      if (misfit === undefined) continue;
      const fix = misfit.suggestions?.[0];
      expect({ id: p.id, action: fix?.action }).toEqual({ id: p.id, action: 'transform' });
      if (fix?.action !== 'transform') continue;
      const after = startBlockers({ ...ctx, transform: fix.transform });
      expect({ id: p.id, codes: codes(after).filter((c) => c === 'DATASET_SHAPE_MISMATCH') }).toEqual({
        id: p.id,
        codes: [],
      });
      // Offering "set Input" only where the graph then still works.
      for (const s of misfit.suggestions ?? [])
        if (s.action === 'set-input')
          expect(analyzeDoc(setParams(doc, inputId(doc), { shape: [...s.shape] })).ok).toBe(true);
      fixed.push(p.id);
    }
    expect(fixed).toContain('lenet5');
    const lenet = startBlockers({
      ...base,
      analysis: analysisOf('lenet5'),
      doc: presetDoc('lenet5'),
      datasetKind: 'mnist',
    });
    expect(lenet[0]?.suggestions?.map((s) => s.action)).toEqual(['transform']);
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
