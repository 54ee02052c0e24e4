import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { unsupportedForTraining, withFix } from '../../../shared/analysis/training-support';
import { groupNodes } from '../../../shared/graph/group';
import { getPreset } from '../../../shared/presets';
import { chain } from './helpers';

const bnChain = (bn: { center?: boolean; scale?: boolean }) =>
  chain([
    ['input', 'input', { shape: [8, 8, 1] }],
    ['conv', 'conv2d', { filters: 4, kernel: 3 }],
    ['bn', 'batchnorm', bn],
    ['flat', 'flatten'],
    ['out', 'dense', { units: 10 }],
  ]);

describe('layer settings the training engine refuses', () => {
  it('accepts BatchNorm with center and scale (the default)', () => {
    expect(unsupportedForTraining(analyzeGraph(bnChain({})))).toEqual([]);
  });

  it.each([
    [{ center: false }, 'Center \\(β\\)'],
    [{ scale: false }, 'Scale \\(γ\\)'],
    [{ center: false, scale: false }, 'Center \\(β\\) and Scale \\(γ\\)'],
  ])('refuses BatchNorm %o, naming the node and the fix', (bn, off) => {
    const [d, more] = unsupportedForTraining(analyzeGraph(bnChain(bn)));
    expect(more).toBeUndefined();
    expect(d).toMatchObject({ code: 'TRAINING_UNSUPPORTED_LAYER', severity: 'error', nodeId: 'bn' });
    expect(d).not.toHaveProperty('partId');
    expect(d?.message).toMatch(new RegExp(`^BatchNorm 'bn' has ${off} turned off`));
    expect(withFix(d as never)).toMatch(/Fix: turn on Center \(β\) and Scale \(γ\) for this layer\.$/);
  });

  it('inside a user block: the block on the canvas, and the part', () => {
    const grouped = groupNodes(bnChain({ scale: false }), ['conv', 'bn']);
    if (!grouped.ok) throw new Error(grouped.error.message);
    const [d] = unsupportedForTraining(analyzeGraph(grouped.value.doc));
    expect(d).toMatchObject({ nodeId: grouped.value.nodeId, partId: `${grouped.value.nodeId}/bn` });
    expect(d?.message).toMatch(/part group_1\/bn of block 'group_1'/);
  });
});

describe('per-pixel outputs (segmentation)', () => {
  it('refuses the U-Net preset with TRAINING_PER_PIXEL_OUTPUT on its output node', () => {
    const doc = getPreset('unet')?.build();
    if (doc === undefined) throw new Error('no unet preset');
    const [d, more] = unsupportedForTraining(analyzeGraph(doc));
    expect(more).toBeUndefined();
    expect(d).toMatchObject({ code: 'TRAINING_PER_PIXEL_OUTPUT', severity: 'error', nodeId: 'out' });
    expect(withFix(d as never)).toMatch(
      /^The graph ends in a 128×128×2 map, one prediction for each pixel of its 128×128 input \(segmentation\).*Fix: analyse and export it/,
    );
  });

  it('a classifier, or a map smaller than the input, is not refused for this', () => {
    expect(unsupportedForTraining(analyzeGraph(bnChain({})))).toEqual([]);
    const smaller = chain([
      ['input', 'input', { shape: [8, 8, 1] }],
      ['conv', 'conv2d', { filters: 4, kernel: 3 }],
    ]);
    expect(unsupportedForTraining(analyzeGraph(smaller))).toEqual([]);
    const same = chain([
      ['input', 'input', { shape: [8, 8, 1] }],
      ['conv', 'conv2d', { filters: 4, kernel: 3, stride: 2, padding: 'same' }],
      ['up', 'conv2dtranspose', { filters: 3, kernel: 2, stride: 2 }],
    ]);
    expect(unsupportedForTraining(analyzeGraph(same)).map((x) => x.code)).toEqual([
      'TRAINING_PER_PIXEL_OUTPUT',
    ]);
  });
});
