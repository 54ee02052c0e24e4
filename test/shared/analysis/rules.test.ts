import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { chain } from './helpers';

const lin = (p: Record<string, unknown>) => ({ activation: 'linear', ...p }) as never;
const convOn = (shape: number[], params: Record<string, unknown>) =>
  analyzeGraph(
    chain([
      ['input', 'input', { shape }],
      ['conv', 'conv2d', lin(params)],
    ]),
  ).nodes.get('conv');

describe('padding as TensorFlow computes it', () => {
  it("'same' with stride 2 pads the odd pixel at the bottom: ceil(28/2) = 14", () => {
    const node = convOn([28, 28, 1], { kernel: 3, stride: 2, padding: 'same' });
    expect(node?.outputShape).toEqual([14, 14, 32]);
    expect(node?.formulas).toContain('H: (28 + 0 + 1 − 3)/2 + 1 = 14 (same)');
  });

  it("'same' keeps odd sizes: ceil(7/2) = 4", () => {
    expect(convOn([7, 7, 1], { kernel: 3, stride: 2, padding: 'same' })?.outputShape).toEqual([4, 4, 32]);
  });

  it("'full' pads FH − 1 on each side: (5 + 2·2 − 3)/1 + 1 = 7", () => {
    const node = convOn([5, 5, 1], { kernel: 3, padding: 'full' });
    expect(node?.outputShape).toEqual([7, 7, 32]);
    expect(node?.formulas).toContain('H: (5 + 2·2 − 3)/1 + 1 = 7');
  });

  it('explicit [top, bottom, left, right] padding', () => {
    const node = convOn([10, 10, 1], { kernel: 3, padding: [1, 0, 2, 2] });
    expect(node?.outputShape).toEqual([9, 12, 32]);
    expect(node?.formulas).toContain('H: (10 + 1 + 0 − 3)/1 + 1 = 9');
  });

  it('dilation widens the kernel: FH_eff = 2·(3 − 1) + 1 = 5', () => {
    const node = convOn([28, 28, 1], { kernel: 3, dilation: 2 });
    expect(node?.outputShape).toEqual([24, 24, 32]);
    expect(node?.formulas).toContain('FH_eff: 2·(3 − 1) + 1 = 5');
    expect(node?.receptiveField?.size).toEqual([5, 5]);
  });

  it('a rectangular kernel and stride', () => {
    expect(convOn([32, 20, 3], { kernel: [5, 3], stride: [2, 1] })?.outputShape).toEqual([14, 18, 32]);
  });
});

describe('errors carry the worked formula and a concrete fix', () => {
  it('SHAPE_NONPOSITIVE suggests the padding and the largest kernel that fit', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [2, 2, 1] }],
        ['conv', 'conv2d', lin({ kernel: 5 })],
      ]),
    );
    const d = a.diagnostics.find((x) => x.code === 'SHAPE_NONPOSITIVE');
    expect(d?.formula).toBe('H: (2 + 2·0 − 5)/1 + 1 = −2');
    expect(d?.fix).toBe("Use padding 2 (or 'same'), or a kernel of at most 2.");
    expect(a.nodes.get('conv')?.outputShape).toBeNull();
    expect(a.ok).toBe(false);
  });

  it('SHAPE_NOT_EXACT is not raised when only padding is dropped (3×3/2 pad 1 on 56)', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [56, 56, 8] }],
        ['conv', 'conv2d', lin({ stride: 2, padding: 1 })],
      ]),
    );
    expect(a.nodes.get('conv')?.outputShape).toEqual([28, 28, 32]);
    expect(a.diagnostics).toEqual([]);
  });

  it('MERGE_SHAPE_MISMATCH proposes the projection shortcut', () => {
    const doc = chain([
      ['input', 'input', { shape: [28, 28, 8] }],
      ['down', 'conv2d', lin({ filters: 16, stride: 2, padding: 'same' })],
      ['add', 'add'],
    ]);
    doc.edges.push({ id: 'skip', source: 'input', target: 'add', targetPort: 1 });
    const d = analyzeGraph(doc).diagnostics.find((x) => x.code === 'MERGE_SHAPE_MISMATCH');
    expect(d?.message).toContain('14×14×16');
    expect(d?.fix).toContain('1×1 Conv2D with 16 filters, stride 2 on input 1');
  });

  it('DENSE_NEEDS_FLATTEN says what Keras would do instead', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [7, 7, 64] }],
        ['dense', 'dense', { units: 10 }],
      ]),
    );
    const d = a.diagnostics[0];
    expect(d?.code).toBe('DENSE_NEEDS_FLATTEN');
    expect(d?.message).toContain('7×7×10');
    expect(d?.fix).toContain('Flatten (→ 3136)');
  });
});

describe('parameters, MACs, memory and receptive field', () => {
  it('counts BatchNorm moving statistics as non-trainable, as Keras does', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [8, 8, 16] }],
        ['bn', 'batchnorm'],
      ]),
    );
    expect(a.nodes.get('bn')?.params).toEqual({ total: 64, trainable: 32, nonTrainable: 32 });
    expect(a.totals).toMatchObject({ params: 64, trainableParams: 32, nonTrainableParams: 32 });
  });

  it('MACs of conv and dense for one sample; float32 activation bytes', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [28, 28, 1] }],
        ['conv', 'conv2d', lin({ filters: 32, padding: 'same' })],
        ['flat', 'flatten'],
        ['fc', 'dense', { units: 10, useBias: false }],
      ]),
    );
    expect(a.nodes.get('conv')?.macs).toBe(28 * 28 * 32 * 9);
    expect(a.nodes.get('fc')?.macs).toBe(28 * 28 * 32 * 10);
    expect(a.nodes.get('fc')?.params.total).toBe(28 * 28 * 32 * 10);
    expect(a.nodes.get('conv')?.activationBytes).toBe(28 * 28 * 32 * 4);
    expect(a.totals.macs).toBe(28 * 28 * 32 * 19);
    expect(a.totals.activationBytes).toBe((784 + 2 * 25_088 + 10) * 4);
  });

  it('grows the receptive field r + (k − 1)·j and the jump j·s', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [32, 32, 3] }],
        ['c1', 'conv2d', lin({ padding: 'same' })],
        ['c2', 'conv2d', lin({ padding: 'same' })],
        ['p', 'maxpool2d'],
        ['c3', 'conv2d', lin({ padding: 'same' })],
      ]),
    );
    expect(a.nodes.get('c1')?.receptiveField).toEqual({ size: [3, 3], jump: [1, 1] });
    expect(a.nodes.get('c2')?.receptiveField).toEqual({ size: [5, 5], jump: [1, 1] });
    expect(a.nodes.get('p')?.receptiveField).toEqual({ size: [6, 6], jump: [2, 2] });
    expect(a.nodes.get('c3')?.receptiveField).toEqual({ size: [10, 10], jump: [2, 2] });
  });

  it('labels every valid edge with the tensor shape it carries', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [28, 28, 1] }],
        ['p', 'maxpool2d'],
        ['f', 'flatten'],
      ]),
    );
    expect(a.edgeShapes.get('e1')).toEqual([28, 28, 1]);
    expect(a.edgeShapes.get('e2')).toEqual([14, 14, 1]);
  });
});
