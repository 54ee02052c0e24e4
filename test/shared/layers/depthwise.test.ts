import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { importModelJson } from '../../../shared/codegen/import/import';
import { activate } from '../../../shared/teaching/activation';
import { chain } from '../analysis/helpers';

const dwOn = (shape: number[], params: Record<string, unknown>, kind = 'depthwiseconv2d') =>
  analyzeGraph(
    chain([
      ['input', 'input', { shape }],
      ['dw', kind as 'depthwiseconv2d', params as never],
    ]),
  );

describe('DepthwiseConv2D: one FH×FW filter per channel (× M), C·M channels out', () => {
  it('MobileNet’s 3×3 on 112×112×32: 3·3·32 = 288 weights, 112·112·3·3·32 MACs', () => {
    const node = dwOn([112, 112, 32], { kernel: 3, padding: 'same', useBias: false }).nodes.get('dw');
    expect(node?.outputShape).toEqual([112, 112, 32]);
    expect(node?.params).toEqual({ total: 288, trainable: 288, nonTrainable: 0 });
    expect(node?.macs).toBe(112 * 112 * 9 * 32);
    expect(node?.notation).toBe('DWConv 3×3 /1 same');
    expect(node?.receptiveField?.size).toEqual([3, 3]);
    expect(node?.formulas).toContain('params: 3·3·32·1 = 288');
  });

  it('depth multiplier 2 with bias, stride 2 and Keras’s bottom/right padding: 56×56×64', () => {
    const node = dwOn([112, 112, 32], {
      kernel: 3,
      stride: 2,
      padding: [0, 1, 0, 1],
      depthMultiplier: 2,
      activation: 'relu6',
    }).nodes.get('dw');
    expect(node?.outputShape).toEqual([56, 56, 64]);
    expect(node?.params.trainable).toBe(3 * 3 * 32 * 2 + 64);
    expect(node?.formulas).toContain('H: (112 + 0 + 1 − 3)/2 + 1 = 56');
    expect(node?.notation).toBe('DWConv 3×3 /2 p[0,1,0,1] ×2 relu6');
  });

  it('SHAPE_NEEDS_IMAGE on a vector', () => {
    const codes = dwOn([10], {}).diagnostics.map((d) => d.code);
    expect(codes).toContain('SHAPE_NEEDS_IMAGE');
  });

  it('SHAPE_NONPOSITIVE when the window does not fit, with the worked formula', () => {
    const a = dwOn([4, 4, 3], { kernel: 5, padding: 'valid' });
    const d = a.diagnostics.find((x) => x.code === 'SHAPE_NONPOSITIVE');
    expect(d?.nodeId).toBe('dw');
    expect(a.nodes.get('dw')?.outputShape).toBeNull();
  });

  it('PARAM_INVALID for depth multiplier 0, and for a dilation (tfjs builds DepthwiseConv2D without one)', () => {
    expect(dwOn([8, 8, 3], { depthMultiplier: 0 }).diagnostics.map((d) => d.code)).toContain('PARAM_INVALID');
    expect(dwOn([8, 8, 3], { dilation: 2 }).diagnostics.map((d) => d.code)).toContain('PARAM_INVALID');
  });
});

describe('SeparableConv2D: depthwise FH×FW, then 1×1 to F filters (a block of the two)', () => {
  it('Keras’s count FH·FW·C·M + C·M·F + F and the two parts’ MACs', () => {
    const a = dwOn(
      [32, 32, 16],
      { filters: 64, kernel: 3, padding: 'same', depthMultiplier: 2 },
      'separableconv2d',
    );
    const node = a.nodes.get('dw');
    expect(node?.outputShape).toEqual([32, 32, 64]);
    expect(node?.params.trainable).toBe(3 * 3 * 16 * 2 + 16 * 2 * 64 + 64);
    expect(node?.macs).toBe(32 * 32 * (3 * 3 * 16 * 2) + 32 * 32 * (32 * 64));
    expect(node?.parts?.map((p) => p.kind)).toEqual(['depthwiseconv2d', 'conv2d']);
    expect(node?.notation).toBe('SepConv 64@3×3 /1 same ×2 relu');
  });

  it('a separable convolution costs a fraction of the full one it replaces', () => {
    const full = analyzeGraph(
      chain([
        ['input', 'input', { shape: [32, 32, 64] }],
        ['c', 'conv2d', { filters: 128, kernel: 3, padding: 'same' }],
      ]),
    ).totals.macs;
    const sep = dwOn([32, 32, 64], { filters: 128, kernel: 3 }, 'separableconv2d').totals.macs;
    // 1/F + 1/(FH·FW) = 1/128 + 1/9 of the full convolution (Howard et al., section 3.1).
    expect(sep / full).toBeCloseTo(1 / 128 + 1 / 9, 10);
  });
});

describe('ReLU6', () => {
  it('min(max(0, x), 6)', () => {
    expect([-1, 0, 3.5, 6, 9].map((x) => activate('relu6', x))).toEqual([0, 0, 3.5, 6, 6]);
  });
});

/** A Keras functional model JSON with one layer after the input. */
function kerasWith(className: string, config: Record<string, unknown>): string {
  return JSON.stringify({
    class_name: 'Functional',
    config: {
      name: 'm',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 16, 16, 8] },
          inbound_nodes: [],
        },
        {
          class_name: className,
          name: 'x',
          config: { name: 'x', ...config },
          inbound_nodes: [[['in', 0, 0, {}]]],
        },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['x', 0, 0]],
    },
  });
}

describe('Keras import of the new layers', () => {
  const one = (className: string, config: Record<string, unknown>) => {
    const r = importModelJson(kerasWith(className, config));
    if (!r.ok) throw new Error(r.error.message);
    const node = r.value.doc.nodes.find((n) => n.name === 'x' || n.id === 'x');
    return { node, issues: r.value.report.issues.map((i) => i.code) };
  };

  it('DepthwiseConv2D with its depth multiplier', () => {
    const { node, issues } = one('DepthwiseConv2D', {
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'same',
      depth_multiplier: 2,
      use_bias: false,
      activation: 'linear',
    });
    expect(issues).toEqual([]);
    expect(node?.kind).toBe('depthwiseconv2d');
    expect(node?.params).toMatchObject({ kernel: 3, stride: 2, depthMultiplier: 2, useBias: false });
  });

  it('SeparableConv2D as the separable block', () => {
    const { node } = one('SeparableConv2D', {
      filters: 12,
      kernel_size: 3,
      padding: 'same',
      activation: 'relu',
    });
    expect(node?.kind).toBe('separableconv2d');
    expect(node?.params).toMatchObject({ filters: 12, kernel: 3, depthMultiplier: 1, activation: 'relu' });
  });

  it('Conv2D with groups', () => {
    const { node } = one('Conv2D', { filters: 16, kernel_size: 3, groups: 4 });
    expect(node?.kind).toBe('conv2d');
    expect(node?.params.groups).toBe(4);
  });

  it('ReLU(max_value=6) is relu6; another max value or a dilated depthwise is refused with a code', () => {
    expect(one('ReLU', { max_value: 6 }).node?.params.activation).toBe('relu6');
    expect(one('Activation', { activation: 'relu6' }).node?.params.activation).toBe('relu6');
    // Imports are exact or refused: the refusal names the layer with the option's code.
    const refused = (className: string, config: Record<string, unknown>) => {
      const r = importModelJson(kerasWith(className, config));
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    expect(refused('ReLU', { max_value: 5 })).toContain('IMPORT_UNSUPPORTED_OPTION');
    expect(refused('DepthwiseConv2D', { kernel_size: 3, dilation_rate: 2 })).toContain(
      'IMPORT_UNSUPPORTED_OPTION',
    );
  });
});
