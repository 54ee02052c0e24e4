import { describe, expect, it } from 'vitest';
import {
  convGeometry,
  convOutput,
  convParamsText,
  convStep,
  paddedInput,
  writeStep,
  type ConvProblem,
} from '../../../shared/teaching/conv';
import {
  CE_VS_L1_EXAMPLE,
  CONV_FILTER,
  CONV_INPUT,
  IM2COL_EXAMPLE,
  POOL_INPUT,
  SIZE_EXAMPLE,
  SOFTMAX_EXAMPLE,
  STRIDE_INPUT,
  STRIDE_TABLE_EXAMPLE,
} from '../../../shared/teaching/examples';
import { fmt } from '../../../shared/teaching/grid';
import {
  im2colMatrix,
  im2colProduct,
  im2colShape,
  filterMatrix,
  poolIm2colSteps,
} from '../../../shared/teaching/im2col';
import {
  poolGeometry,
  poolOutput,
  poolStep,
  writePoolStep,
  type PoolMode,
} from '../../../shared/teaching/pool';
import { sizeRow, strideTable } from '../../../shared/teaching/sizes';
import { crossEntropy, softmaxWorked, writeSoftmax } from '../../../shared/teaching/softmax';

/** The lecture notes' worked examples, reproduced by the lessons' arithmetic. */
const seedConv = (padding: ConvProblem['padding'], stride = 1, input = CONV_INPUT): ConvProblem => ({
  input: [input],
  filters: [[CONV_FILTER]],
  bias: null,
  stride,
  padding,
  dilation: 1,
});

describe('convolution (seed 000)', () => {
  it('4×4 ⊗ 3×3, stride 1, no padding → [[15, 16], [6, 15]]', () => {
    expect(convOutput(seedConv('valid'))).toEqual([
      [
        [15, 16],
        [6, 15],
      ],
    ]);
  });

  it('writes the first window out as the notes do', () => {
    const step = convStep(seedConv('valid'), 0, 0, 0);
    expect(writeStep(step).text).toBe('1·2 + 2·0 + 3·1 + 0·0 + 1·1 + 2·2 + 3·1 + 0·0 + 1·2 = 15');
    expect(step.terms.filter((t) => t.pad)).toHaveLength(0);
  });

  it('with padding 1 the 4×4 input grows to 6×6 and the output stays 4×4', () => {
    const p = seedConv(1);
    const g = convGeometry(p);
    expect(paddedInput(p, g)[0]).toEqual([
      [0, 0, 0, 0, 0, 0],
      [0, 1, 2, 3, 0, 0],
      [0, 0, 1, 2, 3, 0],
      [0, 3, 0, 1, 2, 0],
      [0, 2, 3, 0, 1, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(convOutput(p)).toEqual([
      [
        [7, 12, 10, 2],
        [4, 15, 16, 10],
        [10, 6, 15, 6],
        [8, 10, 4, 3],
      ],
    ]);
    expect(g.window.formulas).toContain('H: (4 + 2·1 − 3)/1 + 1 = 4');
    // The first window reads five padding zeros.
    expect(convStep(p, 0, 0, 0, g).terms.filter((t) => t.pad)).toHaveLength(5);
  });

  it("'same' pads like P = 1 here, 'full' grows the output to 6×6", () => {
    expect(convOutput(seedConv('same'))).toEqual(convOutput(seedConv(1)));
    expect(convGeometry(seedConv('full'))).toMatchObject({ outH: 6, outW: 6, pads: [2, 2, 2, 2] });
  });

  it('7×7 at stride 2: the window jumps two columns, 15 then 17', () => {
    const out = convOutput(seedConv('valid', 2, STRIDE_INPUT));
    expect(out[0]?.[0]?.slice(0, 2)).toEqual([15, 17]);
    expect(convGeometry(seedConv('valid', 2, STRIDE_INPUT))).toMatchObject({ outH: 3, outW: 3 });
  });

  it('dilation 2 spreads a 3×3 filter over 5×5', () => {
    const p: ConvProblem = { ...seedConv('valid', 1, STRIDE_INPUT), dilation: 2 };
    const g = convGeometry(p);
    expect(g.window.formulas[0]).toBe('FH_eff: 2·(3 − 1) + 1 = 5');
    expect([g.outH, g.outW]).toEqual([3, 3]);
    expect(
      convStep(p, 0, 0, 0, g)
        .terms.map((t) => [t.y, t.x])
        .slice(0, 3),
    ).toEqual([
      [0, 0],
      [0, 2],
      [0, 4],
    ]);
  });

  it('several channels and filters with a bias: one map per filter, FH·FW·C·F + F parameters', () => {
    const p: ConvProblem = {
      input: [CONV_INPUT, CONV_INPUT],
      filters: [
        [CONV_FILTER, CONV_FILTER],
        [CONV_FILTER, CONV_FILTER.map((r) => r.map(() => 0))],
      ],
      bias: [1, -1],
      stride: 1,
      padding: 'valid',
      dilation: 1,
    };
    const g = convGeometry(p);
    expect(convOutput(p, g)).toEqual([
      [
        [31, 33],
        [13, 31],
      ],
      [
        [14, 15],
        [5, 14],
      ],
    ]);
    const step = convStep(p, 0, 0, 0, g);
    const written = writeStep(step);
    expect(written.channels.map((c) => c.sum)).toEqual(['15', '15']);
    expect(written.text).toBe('15 + 15 + 1 = 31');
    expect(writeStep(convStep(p, 1, 1, 0, g)).text).toBe('6 + 0 − 1 = 5');
    expect(convParamsText(g, true).text).toBe('3·3·2·2 + 2 = 38');
  });

  it('an activation is written after the sum', () => {
    const p: ConvProblem = { ...seedConv('valid'), bias: [-20], activation: 'relu' };
    const step = convStep(p, 0, 0, 0);
    expect(step.value).toBe(0);
    expect(writeStep(step, 'relu').activation).toBe('relu(−5) = 0');
  });

  it('the parameter count of the notes’ second Keras layer: 3·3·32·64 + 64 = 18,496', () => {
    const zeros = (c: number, n: number) =>
      Array.from({ length: c }, () => Array.from({ length: n }, () => Array(n).fill(0)));
    const p: ConvProblem = {
      input: zeros(32, 14),
      filters: Array.from({ length: 64 }, () => zeros(32, 3)),
      bias: Array(64).fill(0),
      stride: 1,
      padding: 'same',
      dilation: 1,
    };
    expect(convParamsText(convGeometry(p), true).text).toBe('3·3·32·64 + 64 = 18,496');
  });
});

describe('im2col (seed 000)', () => {
  it('(1, 3, 7, 7) with a 5×5 filter unrolls to (9, 75)', () => {
    const { n, c, h, w, kernel, stride, padding } = IM2COL_EXAMPLE;
    const shape = im2colShape({ n, c, h, w, kernel, stride, padding });
    expect([shape.rows, shape.cols]).toEqual([9, 75]);
    expect([shape.outH, shape.outW]).toEqual([3, 3]);
    expect(shape.text).toBe('(N·OH·OW, C·FH·FW) = (1·3·3, 3·5·5) = (9, 75)');
    expect(im2colShape({ n: 10, c, h, w, kernel, stride, padding }).rows).toBe(90);
    // The notes' way there: col (1, 3, 5, 5, 3, 3), transposed to (1, 3, 3, 3, 5, 5), reshaped to (9, 75).
    expect(shape.steps).toEqual([
      'col: (N, C, FH, FW, OH, OW) = (1, 3, 5, 5, 3, 3)',
      'transpose(0, 4, 5, 1, 2, 3): (N, OH, OW, C, FH, FW) = (1, 3, 3, 3, 5, 5)',
      'reshape: (N·OH·OW, C·FH·FW) = (1·3·3, 3·5·5) = (9, 75)',
    ]);
  });

  it('pooling unrolls channel by channel: the 4×4 example to (4, 4), one max per row', () => {
    expect(poolIm2colSteps({ n: 1, c: 1, outH: 2, outW: 2, size: [2, 2], op: 'max' })).toEqual([
      'im2col per channel: (N·OH·OW·C, PH·PW) = (1·2·2·1, 2·2) = (4, 4)',
      'max of each row: (4)',
      'reshape (N, OH, OW, C) = (1, 2, 2, 1), transpose(0, 3, 1, 2): (N, C, OH, OW) = (1, 1, 2, 2)',
    ]);
  });

  it('the seed example as one matrix product gives the same output', () => {
    const p = seedConv('valid');
    const cols = im2colMatrix(p);
    expect(cols).toHaveLength(4);
    expect(cols[0]).toEqual([1, 2, 3, 0, 1, 2, 3, 0, 1]);
    expect(filterMatrix(p).map((r) => r[0])).toEqual([2, 0, 1, 0, 1, 2, 1, 0, 2]);
    expect(im2colProduct(p).map((r) => r[0])).toEqual([15, 16, 6, 15]);
  });
});

describe('pooling (seed 000)', () => {
  const pool = (mode: PoolMode) => ({
    input: [POOL_INPUT],
    mode,
    size: 2,
    stride: 2,
    padding: 'valid' as const,
  });

  it('max pooling 2×2 / 2 → [[2, 3], [4, 2]]', () => {
    expect(poolOutput(pool('max'))).toEqual([
      [
        [2, 3],
        [4, 2],
      ],
    ]);
    expect(writePoolStep(poolStep(pool('max'), 0, 1, 0), 'max')).toBe('max(3, 0, 2, 4) = 4');
  });

  it('average and min pooling of the same windows', () => {
    expect(poolOutput(pool('avg'))).toEqual([
      [
        [1, 1.5],
        [2.25, 1],
      ],
    ]);
    expect(writePoolStep(poolStep(pool('avg'), 0, 0, 1), 'avg')).toBe('(1 + 0 + 2 + 3)/4 = 1.5');
    expect(poolOutput(pool('min'))).toEqual([
      [
        [0, 0],
        [0, 0],
      ],
    ]);
  });

  it("has no weights and keeps the channels; 'same' padding is left out of the windows", () => {
    const p = {
      ...pool('avg'),
      input: [POOL_INPUT, POOL_INPUT],
      size: 3,
      stride: 2,
      padding: 'same' as const,
    };
    const g = poolGeometry(p);
    expect(g.channels).toBe(2);
    expect(g.padCells).toBe('excluded');
    expect(poolOutput(p, g)).toHaveLength(2);
    // The last window hangs one row and column over the edge: 4 real cells, averaged over 4.
    const last = poolStep(p, 0, 1, 1, g);
    expect(last.cells.filter((c) => c.counted)).toHaveLength(4);
    expect(last.value).toBe((1 + 2 + 0 + 1) / 4);
    expect(poolGeometry({ ...p, padding: 1 }).padCells).toBe('zeros');
  });
});

describe('feature-map sizes (seeds 001 and 003)', () => {
  it('5×5 with a 3×3 filter, stride 1, no padding → 3×3', () => {
    const row = sizeRow({ n: SIZE_EXAMPLE.n, f: SIZE_EXAMPLE.f, padding: SIZE_EXAMPLE.p, s: SIZE_EXAMPLE.s });
    expect(row.out).toBe(3);
    expect(row.formula).toBe('(5 + 2·0 − 3)/1 + 1 = 3');
  });

  it('7×7 with 3×3 at stride 1, 2, 3 → 5, 3 and 2.33 (built as 2, one column never read)', () => {
    const { n, f, p, strides } = STRIDE_TABLE_EXAMPLE;
    const rows = strideTable(n, f, p, strides);
    expect(rows.map((r) => r.out)).toEqual([5, 3, 2]);
    expect(rows.map((r) => r.exact)).toEqual([true, true, false]);
    expect(rows[2]?.fraction).toBe('(7 + 2·0 − 3)/3 + 1 = 2.33');
    expect(rows[2]?.formula).toBe('⌊(7 + 2·0 − 3)/3⌋ + 1 = 2');
    expect(rows[2]?.dropped).toBe(1);
  });
});

describe('softmax and cross-entropy (seed 004)', () => {
  it('scores [0.37, 1.58] → probabilities 0.2297 and 0.7703', () => {
    const w = softmaxWorked(SOFTMAX_EXAMPLE.logits, SOFTMAX_EXAMPLE.target);
    expect(w.probs.map((p) => fmt(p, 4))).toEqual(['0.2297', '0.7703']);
    expect(fmt(w.loss, 4)).toBe('0.261');
    expect(w.grad.map((g) => fmt(g, 4))).toEqual(['0.2297', '−0.2297']);
    expect(writeSoftmax(w).loss).toBe('L = −ln p2 = −ln 0.7703 = 0.261');
  });

  // The notes round −ln 0.9 down to 0.1053 and print −ln 0.1 = 2.3025 on the second row; −ln 0.3 is 1.204.
  it('cross-entropy punishes a wrong prediction far more than L1: 0.1054 against 1.204', () => {
    const [right, wrong] = CE_VS_L1_EXAMPLE;
    expect(fmt(crossEntropy(right ?? [], 1), 4)).toBe('0.1054');
    expect(fmt(crossEntropy(wrong ?? [], 1), 4)).toBe('1.204');
  });
});

describe('the written sum of a deep input', () => {
  it('lists up to 8 channel sums, and totals deeper inputs before the bias', () => {
    const deep = (c: number): ConvProblem => ({
      input: Array.from({ length: c }, () => CONV_INPUT),
      filters: [Array.from({ length: c }, () => CONV_FILTER)],
      bias: [1],
      stride: 1,
      padding: 'valid',
      dilation: 1,
    });
    expect(writeStep(convStep(deep(8), 0, 0, 0)).text).toBe(
      '15 + 15 + 15 + 15 + 15 + 15 + 15 + 15 + 1 = 121',
    );
    const nine = writeStep(convStep(deep(9), 0, 0, 0));
    expect(nine).toMatchObject({ text: '135 + 1 = 136', totalled: true });
    expect(nine.channels).toHaveLength(9);
  });
});
