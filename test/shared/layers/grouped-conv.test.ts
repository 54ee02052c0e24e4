import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { catalog } from '../../../shared/layers/registry';
import { chain } from '../analysis/helpers';

const convOn = (shape: number[], params: Record<string, unknown>) =>
  analyzeGraph(
    chain([
      ['input', 'input', { shape }],
      ['conv', 'conv2d', { activation: 'linear', ...params } as never],
    ]),
  ).nodes.get('conv');

describe('Conv2D groups: parameters FH·FW·C/g·F + F', () => {
  it('AlexNet conv2 on one tower each: 5·5·48·256 + 256 = 307,456 (not 614,656 ungrouped)', () => {
    const node = convOn([27, 27, 96], { filters: 256, kernel: 5, padding: 2, groups: 2 });
    expect(node?.outputShape).toEqual([27, 27, 256]);
    expect(node?.params.trainable).toBe(5 * 5 * 48 * 256 + 256);
    expect(node?.macs).toBe(27 * 27 * 5 * 5 * 48 * 256);
    expect(node?.formulas).toContain('params: 5·5·48·256 + 256 = 307,456');
    expect(node?.formulas).toContain('filter: 5×5×48 (depth = C/g = 96/2), 256 filters in 2 groups of 128');
    expect(node?.im2col).toEqual({ rows: 27 * 27, cols: 5 * 5 * 48 });
    expect(node?.notation).toBe('Conv 256@5×5 /1 p2 g2');
    // The receptive field is a plain convolution's: grouping changes channels, not windows.
    expect(node?.receptiveField?.size).toEqual([5, 5]);
  });

  it('ResNeXt 3×3 of cardinality 32: 3·3·4·128 = 4,608 weights, no bias', () => {
    const node = convOn([56, 56, 128], { filters: 128, kernel: 3, padding: 1, groups: 32, useBias: false });
    expect(node?.params.trainable).toBe(3 * 3 * 4 * 128);
    expect(node?.diagnostics).toEqual([]);
  });

  it('groups 1 (and documents without the key) is the ordinary convolution', () => {
    const doc = chain([
      ['input', 'input', { shape: [8, 8, 6] }],
      ['conv', 'conv2d', { filters: 4, kernel: 3, activation: 'linear' }],
    ]);
    const { groups: _g, ...old } = doc.nodes[1]?.params ?? {};
    expect(catalog.conv2d.defaults.groups).toBe(1);
    const a = analyzeGraph({
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'conv' ? { ...n, params: old } : n)),
    }).nodes.get('conv');
    const b = convOn([8, 8, 6], { filters: 4, kernel: 3, groups: 1 });
    expect(a?.params.trainable).toBe(3 * 3 * 6 * 4 + 4);
    expect(b?.params).toEqual(a?.params);
    expect(a?.notation).toBe('Conv 4@3×3 /1 valid');
  });

  it('CONV_GROUPS_INDIVISIBLE when g does not divide C, with the numbers and groups that would work', () => {
    const node = convOn([8, 8, 6], { filters: 8, kernel: 3, groups: 4 });
    expect(node?.outputShape).toBeNull();
    const d = node?.diagnostics[0];
    expect(d?.code).toBe('CONV_GROUPS_INDIVISIBLE');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('the input channels 6 (6/4 = 1.50)');
    expect(d?.message).not.toContain('the filters');
    expect(d?.fix).toContain('1, 2');
  });

  it('CONV_GROUPS_INDIVISIBLE when g does not divide F', () => {
    const d = convOn([8, 8, 6], { filters: 7, kernel: 3, groups: 3 })?.diagnostics[0];
    expect(d?.code).toBe('CONV_GROUPS_INDIVISIBLE');
    expect(d?.message).toContain('the filters 7 (7/3 = 2.33)');
    expect(d?.message).not.toContain('input channels');
  });

  it('groups 0 is refused by validation', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [8, 8, 4] }],
        ['conv', 'conv2d', { groups: 0 } as never],
      ]),
    );
    expect(a.diagnostics.map((d) => d.code)).toContain('PARAM_INVALID');
  });

  it('Residual bottleneck with groups and base width builds torchvision’s ResNeXt block', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [56, 56, 64] }],
        ['block', 'residual', { variant: 'bottleneck', width: 64, stride: 1, groups: 32, baseWidth: 4 }],
      ]),
    );
    const block = a.nodes.get('block');
    expect(block?.outputShape).toEqual([56, 56, 256]);
    // conv1 64→128, conv2 grouped 3×3 128→128 (g 32), conv3 128→256, BNs, projection 64→256 + BN.
    const trainable =
      64 * 128 + 2 * 128 + 3 * 3 * 4 * 128 + 2 * 128 + 128 * 256 + 2 * 256 + 64 * 256 + 2 * 256;
    expect(block?.params.trainable).toBe(trainable);
    expect(block?.notation).toBe('Bottleneck 64→256 /1 32×4d');
  });

  it('a basic Residual block refuses groups (torchvision: BasicBlock only supports groups=1)', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [8, 8, 4] }],
        ['block', 'residual', { variant: 'basic', width: 4, stride: 1, groups: 2 }],
      ]),
    );
    expect(a.diagnostics.map((d) => d.code)).toContain('PARAM_INVALID');
  });
});
