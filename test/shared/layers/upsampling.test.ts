import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { catalog, resolveParams } from '../../../shared/layers/registry';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { chain } from '../analysis/helpers';

/**
 * Conv2DTranspose and UpSampling2D shape rules: the formulas worked out in numbers, every coded error, the
 * parameter and MAC counts, the receptive field, and which tfjs class each padding form compiles to.
 */
type Params = GraphNode['params'];

function convT(input: readonly number[], params: Params) {
  const a = analyzeGraph(
    chain([
      ['input', 'input', { shape: [...input] }],
      ['t', 'conv2dtranspose', { activation: 'linear', ...params }],
    ]),
  );
  return { a, node: a.nodes.get('t') };
}

const codes = (node: ReturnType<typeof convT>['node']) => node?.diagnostics.map((d) => d.code) ?? [];

describe('Conv2DTranspose shape rule', () => {
  it("PyTorch's explicit P and output_padding: (H − 1)·S − 2P + D·(FH − 1) + output_padding + 1", () => {
    const { node } = convT([14, 10, 8], { filters: 4, kernel: 3, stride: 2, padding: 1, outputPadding: 1 });
    expect(node?.outputShape).toEqual([28, 20, 4]);
    expect(node?.formulas).toContain('H: (14 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 28');
    expect(node?.formulas).toContain('W: (10 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 20');
    // FH·FW·C·F + F, and every input pixel scatters its whole kernel: H·W·FH·FW·C·F MACs.
    expect(node?.params).toEqual({ total: 3 * 3 * 8 * 4 + 4, trainable: 292, nonTrainable: 0 });
    expect(node?.formulas).toContain('params: 3·3·8·4 + 4 = 292');
    expect(node?.macs).toBe(14 * 10 * 3 * 3 * 8 * 4);
    expect(node?.diagnostics).toEqual([]);
  });

  it('dilation and an uneven crop, worked out', () => {
    const { node } = convT([6, 6, 1], {
      filters: 2,
      kernel: 3,
      stride: 1,
      dilation: 3,
      padding: [1, 2, 0, 0],
      outputPadding: [2, 0],
    });
    // K_eff = 3·(3 − 1) + 1 = 7; H: 5·1 − (1 + 2) + 3·2 + 2 + 1 = 11; W: 5 + 7 = 12.
    expect(node?.formulas).toContain('FH_eff: 3·(3 − 1) + 1 = 7');
    expect(node?.formulas).toContain('H: (6 − 1)·1 − (1 + 2) + 3·(3 − 1) + 2 + 1 = 11');
    expect(node?.formulas).toContain('W: (6 − 1)·1 − 2·0 + 3·(3 − 1) + 0 + 1 = 12');
    expect(node?.outputShape).toEqual([11, 12, 2]);
  });

  it("Keras 'valid': H·S + max(K − S, 0), kernels smaller than the stride append rows", () => {
    expect(convT([7, 7, 3], { kernel: 3, stride: 2, padding: 'valid' }).node?.formulas).toContain(
      'H: 7·2 + max(3 − 2, 0) = 15 (valid)',
    );
    const small = convT([7, 5, 3], { kernel: 1, stride: 3, padding: 'valid' }).node;
    expect(small?.outputShape).toEqual([21, 15, 32]);
    expect(small?.formulas).toContain('H: 7·3 + max(1 − 3, 0) = 21 (valid)');
  });

  it("Keras 'same': H·S, cropping the odd row at the bottom", () => {
    const { node } = convT([7, 8, 3], { kernel: 3, stride: 2, padding: 'same' });
    expect(node?.outputShape).toEqual([14, 16, 32]);
    expect(node?.formulas).toContain('H: 7·2 = 14 (same: crops 0 + 1 of the 15 full rows)');
    expect(node?.formulas).toContain('W: 8·2 = 16 (same: crops 0 + 1 of the 17 full columns)');
    expect(convT([7, 8, 3], { kernel: 2, stride: 2, padding: 'same' }).node?.formulas).toContain(
      'H: 7·2 = 14 (same)',
    );
  });

  it('CONVT_OUTPUT_PADDING_TOO_LARGE: output padding must be below the stride or the dilation', () => {
    const { node, a } = convT([5, 5, 1], { kernel: 3, stride: 2, padding: 1, outputPadding: 2 });
    expect(a.ok).toBe(false);
    expect(codes(node)).toEqual(['CONVT_OUTPUT_PADDING_TOO_LARGE']);
    expect(node?.diagnostics[0]?.message).toBe(
      'H: output padding 2 must be smaller than the stride 2 or the dilation 1 (PyTorch requires output_padding < max(stride, dilation)).',
    );
    expect(node?.diagnostics[0]?.fix).toBe('Use an output padding of at most 1, or a larger stride.');
    expect(node?.outputShape).toBeNull();
    // Below the dilation is allowed even at stride 1 (PyTorch's max(stride, dilation)).
    expect(
      codes(convT([5, 5, 1], { kernel: 3, dilation: 2, stride: 1, padding: 0, outputPadding: 1 }).node),
    ).toEqual([]);
    // Each axis is checked on its own: only W breaks here.
    const w = convT([5, 5, 1], { kernel: 3, stride: [3, 1], padding: 1, outputPadding: [2, 1] }).node;
    expect(w?.diagnostics.map((d) => d.message.slice(0, 2))).toEqual(['W:']);
  });

  it("CONVT_OUTPUT_PADDING_MODE: 'valid'/'same' fix the output themselves", () => {
    const { node } = convT([5, 5, 1], { kernel: 3, stride: 2, padding: 'same', outputPadding: 1 });
    expect(codes(node)).toEqual(['CONVT_OUTPUT_PADDING_MODE']);
    expect(node?.diagnostics[0]?.fix).toMatch(/padding as a number P/);
  });

  it('SHAPE_NONPOSITIVE: a crop larger than what the layer produces, with the formula in numbers', () => {
    const { node } = convT([2, 4, 1], { kernel: 1, stride: 1, padding: 1 });
    expect(codes(node)).toEqual(['SHAPE_NONPOSITIVE']);
    expect(node?.diagnostics[0]?.formula).toBe('H: (2 − 1)·1 − 2·1 + 1·(1 − 1) + 0 + 1 = 0');
    expect(node?.diagnostics[0]?.message).toBe(
      'H: cropping 1 + 1 from the 2 rows the transposed convolution produces leaves 0.',
    );
  });

  it('SHAPE_NEEDS_IMAGE and PARAM_INVALID', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [10] }],
        ['t', 'conv2dtranspose', {}],
      ]),
    );
    expect(a.nodes.get('t')?.diagnostics.map((d) => d.code)).toEqual(['SHAPE_NEEDS_IMAGE']);
    expect(resolveParams(catalog.conv2dtranspose, { padding: 'full' }).ok).toBe(false);
    expect(resolveParams(catalog.conv2dtranspose, { outputPadding: -1 }).ok).toBe(false);
  });

  it('receptive field: ⌈K_eff/S⌉ input pixels, jump 1/S', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [16, 16, 1] }],
        ['c', 'conv2d', { kernel: 3, stride: 2, padding: 'same' }],
        ['t', 'conv2dtranspose', { kernel: 3, stride: 2, padding: 'same' }],
      ]),
    );
    expect(a.nodes.get('c')?.receptiveField).toEqual({ size: [3, 3], jump: [2, 2] });
    expect(a.nodes.get('t')?.receptiveField).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it("compiles to Keras's Conv2DTranspose for 'valid'/'same', to StrideConv2DTranspose otherwise", () => {
    const classes = (params: Params) => {
      const doc = chain([
        ['input', 'input', { shape: [5, 5, 2] }],
        ['t', 'conv2dtranspose', params],
      ]);
      const t = toKerasTopology(doc, analyzeGraph(doc));
      if (!t.ok) throw new Error(t.error.message);
      return t.value.layers.slice(1).map((l) => [l.className, l.config.padding]);
    };
    expect(classes({ padding: 'same' })).toEqual([['Conv2DTranspose', 'same']]);
    expect(classes({ padding: 1, outputPadding: 1, kernel: 3 })).toEqual([
      [
        'StrideConv2DTranspose',
        [
          [1, 1],
          [1, 1],
        ],
      ],
    ]);
    // Dilated 'same' (tfjs's Conv2DTranspose has no dilation): the crops 'same' gives, K_eff = 5 at S = 2.
    expect(classes({ padding: 'same', kernel: 3, dilation: 2 })).toEqual([
      [
        'StrideConv2DTranspose',
        [
          [1, 2],
          [1, 2],
        ],
      ],
    ]);
  });

  it('notation', () => {
    const n = (p: Params) =>
      catalog.conv2dtranspose.notation({ ...catalog.conv2dtranspose.defaults, ...p } as never);
    expect(n({})).toBe('ConvT 32@2×2 /2 valid relu');
    expect(n({ filters: 16, kernel: 3, padding: 1, outputPadding: 1, activation: 'linear' })).toBe(
      'ConvT 16@3×3 /2 p1 op1',
    );
  });
});

describe('UpSampling2D shape rule', () => {
  const up = (input: readonly number[], params: Params) =>
    analyzeGraph(
      chain([
        ['input', 'input', { shape: [...input] }],
        ['u', 'upsampling2d', params],
      ]),
    ).nodes.get('u');

  it('multiplies H and W, keeps the channels, no weights', () => {
    const node = up([7, 5, 3], { size: [2, 3] });
    expect(node?.outputShape).toEqual([14, 15, 3]);
    expect(node?.formulas).toEqual([
      'H: 7·2 = 14',
      'W: 5·3 = 15',
      'channels: 3 (up-sampling keeps the depth)',
    ]);
    expect(node?.params.total).toBe(0);
    expect(node?.macs).toBe(0);
    expect(node?.receptiveField).toEqual({ size: [1, 1], jump: [0.5, 1 / 3] });
  });

  it('bilinear reads two input pixels per axis and says which', () => {
    const node = up([4, 4, 1], { size: 2, interpolation: 'bilinear' });
    expect(node?.formulas).toContain(
      'bilinear: output row i reads input rows ⌊i/2⌋ and ⌊i/2⌋ + 1 (the last row repeats)',
    );
    expect(node?.receptiveField).toEqual({ size: [2, 2], jump: [0.5, 0.5] });
  });

  it('SHAPE_NEEDS_IMAGE and PARAM_INVALID', () => {
    expect(up([10], {})?.diagnostics.map((d) => d.code)).toEqual(['SHAPE_NEEDS_IMAGE']);
    expect(resolveParams(catalog.upsampling2d, { size: 0 }).ok).toBe(false);
    expect(resolveParams(catalog.upsampling2d, { interpolation: 'bicubic' }).ok).toBe(false);
  });
});
