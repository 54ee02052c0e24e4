import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getPreset } from '../../../shared/presets';
import { chain } from './helpers';

const conv = (p: Record<string, unknown>) => ({ activation: 'linear', ...p }) as never;

describe('seed 002: the Keras MNIST CNN summary', () => {
  const analysis = analyzeGraph(getPreset('mnist-keras')?.build() ?? chain([]));
  const rows = analysis.order.map((id) => analysis.nodes.get(id));

  it('has the per-layer parameter counts of model.summary()', () => {
    expect(rows.map((r) => r?.params.total).filter((n) => n !== 0)).toEqual([
      320, 18_496, 36_928, 36_928, 650,
    ]);
    expect(analysis.totals).toMatchObject({ params: 93_322, trainableParams: 93_322, nonTrainableParams: 0 });
  });

  it('has the output shapes 28×28×32 … 3×3×64 → 576', () => {
    expect(rows.slice(1).map((r) => r?.outputShape)).toEqual([
      [28, 28, 32],
      [14, 14, 32],
      [14, 14, 64],
      [7, 7, 64],
      [7, 7, 64],
      [3, 3, 64],
      [576],
      [64],
      [10],
    ]);
  });

  it('explains the 18,496 of the second conv with the filter depth', () => {
    const conv2 = analysis.nodes.get('conv2d_4');
    expect(conv2?.formulas).toContain('params: 3·3·32·64 + 64 = 18,496');
    expect(conv2?.formulas).toContain('filter: 3×3×32 (depth = input channels 32), 64 filters');
  });

  it('warns that the last pooling floors 7×7 to 3×3', () => {
    const warnings = analysis.diagnostics.filter((d) => d.code === 'SHAPE_NOT_EXACT');
    expect(warnings.map((d) => d.nodeId)).toEqual(['max_pooling2d_5']);
    expect(warnings[0]?.message).toContain('index 6');
    expect(warnings[0]?.formula).toContain('⌊(7 + 2·0 − 2)/2⌋ + 1 = 3');
    expect(analysis.ok).toBe(true);
  });
});

describe('seed 000: conv arithmetic and im2col', () => {
  it('(H + 2P − FH)/S + 1 = (4 + 2·1 − 3)/1 + 1 = 4', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [4, 4, 1] }],
        ['conv', 'conv2d', conv({ filters: 1, padding: 1 })],
      ]),
    );
    const node = a.nodes.get('conv');
    expect(node?.outputShape).toEqual([4, 4, 1]);
    expect(node?.formulas).toContain('H: (4 + 2·1 − 3)/1 + 1 = 4');
    expect(node?.formulas).toContain('W: (4 + 2·1 − 3)/1 + 1 = 4');
  });

  it('a (1, 3, 7, 7) input with 5×5 filters gives an im2col matrix of 9 × 75', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [7, 7, 3] }],
        ['conv', 'conv2d', conv({ filters: 30, kernel: 5 })],
      ]),
    );
    const node = a.nodes.get('conv');
    expect(node?.outputShape).toEqual([3, 3, 30]);
    expect(node?.im2col).toEqual({ rows: 9, cols: 75 });
    expect(node?.formulas).toContain('im2col: (3·3) × (5·5·3) = 9 × 75');
  });

  it('max pooling 2×2 stride 2 on 4×4 gives 2×2 and keeps the channels', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [4, 4, 3] }],
        ['pool', 'maxpool2d'],
      ]),
    );
    expect(a.nodes.get('pool')?.outputShape).toEqual([2, 2, 3]);
    expect(a.nodes.get('pool')?.params.total).toBe(0);
  });
});

describe('seed 003: O = (N − F)/S + 1 on a 7×7 input with a 3×3 filter', () => {
  const at = (stride: number) =>
    analyzeGraph(
      chain([
        ['input', 'input', { shape: [7, 7, 1] }],
        ['conv', 'conv2d', conv({ filters: 1, stride })],
      ]),
    );

  it('stride 1 → 5×5', () => expect(at(1).nodes.get('conv')?.outputShape).toEqual([5, 5, 1]));
  it('stride 2 → 3×3, exact', () => {
    expect(at(2).nodes.get('conv')?.outputShape).toEqual([3, 3, 1]);
    expect(at(2).diagnostics).toEqual([]);
  });
  it('stride 3 → floor 2×2 with a warning naming the dropped row and column and the fixes', () => {
    const a = at(3);
    expect(a.nodes.get('conv')?.outputShape).toEqual([2, 2, 1]);
    const [w] = a.diagnostics;
    expect(w).toMatchObject({ code: 'SHAPE_NOT_EXACT', severity: 'warning', nodeId: 'conv' });
    expect(w?.message).toContain('4 is not a multiple of the stride 3');
    expect(w?.message).toContain('row and column');
    expect(w?.formula).toContain('⌊(7 + 2·0 − 3)/3⌋ + 1 = 2');
    expect(w?.fix).toContain('stride 2');
    expect(w?.fix).toContain('padding 1');
    expect(w?.fix).toContain('kernel 4');
  });

  it('the AlexNet listing: 55×55×96 → … → 6×6×256 → 4096 → 4096 → 1000', () => {
    const a = analyzeGraph(getPreset('alexnet')?.build() ?? chain([]));
    const shape = (id: string) => a.nodes.get(id)?.outputShape;
    expect(shape('conv1')).toEqual([55, 55, 96]);
    expect(shape('pool1')).toEqual([27, 27, 96]);
    expect(shape('norm1')).toEqual([27, 27, 96]);
    expect(shape('conv2')).toEqual([27, 27, 256]);
    expect(shape('pool2')).toEqual([13, 13, 256]);
    expect(shape('conv3')).toEqual([13, 13, 384]);
    expect(shape('conv4')).toEqual([13, 13, 384]);
    expect(shape('conv5')).toEqual([13, 13, 256]);
    expect(shape('pool3')).toEqual([6, 6, 256]);
    expect([shape('fc6'), shape('fc7'), shape('fc8')]).toEqual([[4096], [4096], [1000]]);
    expect(a.nodes.get('conv1')?.formulas).toContain('H: (227 + 2·0 − 11)/4 + 1 = 55');
  });
});

describe('seed 001: a 5×5 input with a 3×3 filter, stride 1, no padding', () => {
  it('gives a 3×3 feature map', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [5, 5, 1] }],
        ['conv', 'conv2d', conv({ filters: 1 })],
      ]),
    );
    expect(a.nodes.get('conv')?.outputShape).toEqual([3, 3, 1]);
  });
});

describe('seed 004: the PyTorch MNIST CNN', () => {
  it('28 → 24 → 20 → 10 → 6 → 3, 64·3·3 = 576 → 100 → 10', () => {
    const a = analyzeGraph(getPreset('mnist-pytorch')?.build() ?? chain([]));
    const shapes = a.order.map((id) => a.nodes.get(id)?.outputShape);
    expect(shapes).toEqual([
      [28, 28, 1],
      [24, 24, 16],
      [20, 20, 32],
      [10, 10, 32],
      [6, 6, 64],
      [3, 3, 64],
      [576],
      [100],
      [10],
      [10],
    ]);
    expect(a.totals.params).toBe(416 + 12_832 + 51_264 + 57_700 + 1_010);
  });
});

describe('seed 000/003: GoogLeNet table 1', () => {
  const a = analyzeGraph(getPreset('googlenet')?.build() ?? chain([]));
  it('halves 224 → 112 → 56 → 28 → 14 → 7 with same pooling', () => {
    const hw = (id: string) => a.nodes.get(id)?.outputShape?.[0];
    expect(['conv1', 'pool1', 'pool2', 'pool3', 'pool4'].map(hw)).toEqual([112, 56, 28, 14, 7]);
  });
  it('has the module output depths of table 1', () => {
    const depth = (m: string) => a.nodes.get(`inception${m}`)?.outputShape?.[2];
    expect(['3a', '3b', '4a', '4b', '4c', '4d', '4e', '5a', '5b'].map(depth)).toEqual([
      256, 480, 512, 512, 512, 528, 832, 832, 1024,
    ]);
    expect(a.nodes.get('inception3a')?.formulas).toContain('concat C: 64 + 128 + 32 + 32 = 256');
    expect(a.totals.depth).toBe(22);
  });
});
