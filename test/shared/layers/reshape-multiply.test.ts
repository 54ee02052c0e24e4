import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { chain } from '../analysis/helpers';
import { dag } from '../codegen/catalog-graphs';

/** The analysis of input → reshape(shape) on an input of `input`. */
function reshapeOf(input: number[], shape: number[]) {
  const a = analyzeGraph(
    chain([
      ['input', 'input', { shape: input }],
      ['r', 'reshape', { shape }],
    ]),
  );
  return { node: a.nodes.get('r'), diagnostics: a.diagnostics.filter((d) => d.nodeId === 'r') };
}

describe('Reshape: the shape rule', () => {
  it('keeps the element count, reading channels last; the formula shows both counts', () => {
    const r = reshapeOf([4, 4, 8], [2, 8, 8]);
    expect(r.node?.outputShape).toEqual([2, 8, 8]);
    expect(r.node?.formulas).toEqual(['4·4·8 = 128 = 2·8·8']);
    expect(r.node?.params.total).toBe(0);
    expect(r.node?.macs).toBe(0);
    expect(reshapeOf([64], [1, 1, 64]).node?.outputShape).toEqual([1, 1, 64]);
  });

  it('infers one −1 from the count, worked out in numbers', () => {
    const r = reshapeOf([7, 7, 16], [-1]);
    expect(r.node?.outputShape).toEqual([784]);
    expect(r.node?.formulas).toEqual(['input: 7·7·16 = 784 elements', '−1 = 784 / 1 = 784', '→ 784']);
    const s = reshapeOf([6, 6, 4], [9, -1, 2]);
    expect(s.node?.outputShape).toEqual([9, 8, 2]);
    expect(s.node?.formulas).toContain('−1 = 144 / (9·2) = 8');
  });

  it('RESHAPE_SIZE_MISMATCH: other counts, with both numbers and a fix', () => {
    const r = reshapeOf([28, 28, 1], [7, 7, 15]);
    expect(r.node?.outputShape).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RESHAPE_SIZE_MISMATCH']);
    expect(r.diagnostics[0]?.message).toBe(
      'Reshape 28×28×1 (28·28·1 = 784 elements) to 7×7×15 (7·7·15 = 735 elements): the counts differ.',
    );
    expect(r.diagnostics[0]?.fix).toBe('Make the sizes multiply to 784, or write −1 for one of them.');
    expect(r.diagnostics[0]?.severity).toBe('error');
  });

  it('RESHAPE_SIZE_MISMATCH: a −1 that would not be whole', () => {
    const r = reshapeOf([10], [3, -1, 1]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RESHAPE_SIZE_MISMATCH']);
    expect(r.diagnostics[0]?.message).toBe(
      'Reshape 10 (10 elements) to 3×−1×1: 10 is not a multiple of 3, so −1 would be 3.333.',
    );
  });

  it('RESHAPE_MULTIPLE_UNKNOWN: only one size can be −1', () => {
    const r = reshapeOf([4, 4, 2], [-1, -1, 2]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RESHAPE_MULTIPLE_UNKNOWN']);
    expect(r.diagnostics[0]?.message).toBe('Reshape to −1×−1×2 has 2 sizes of −1; only one can be inferred.');
    expect(r.diagnostics[0]?.fix).toBe('Give all but one size; e.g. −1×1×2.');
  });

  it('PARAM_INVALID: a rank Stride has no tensors of, zero, or −2', () => {
    for (const shape of [[4, 8], [0], [2, -2, 4], [1, 2, 3, 4]]) {
      expect(reshapeOf([32], shape).diagnostics.map((d) => d.code)).toEqual(['PARAM_INVALID']);
    }
  });
});

/** input → conv (H×W×C) and a second input shaped `other`, multiplied. */
function multiplyOf(image: number[], other: number[]) {
  const [h = 0, w = 0, c = 0] = image;
  const a = analyzeGraph(
    dag('m', [
      ['input', 'input', { shape: [h, w, 3] }, []],
      ['conv', 'conv2d', { filters: c, kernel: 1 }, ['input']],
      ['pool', 'globalavgpool', {}, ['input']],
      ['fc', 'dense', { units: other.reduce((x, y) => x * y, 1) }, ['pool']],
      ['scale', 'reshape', { shape: other }, ['fc']],
      ['m', 'multiply', {}, ['conv', 'scale']],
    ]),
  );
  return { node: a.nodes.get('m'), diagnostics: a.diagnostics.filter((d) => d.nodeId === 'm') };
}

describe('Multiply: the shape rule', () => {
  it('equal shapes; no parameters and no MACs', () => {
    const m = multiplyOf([5, 5, 4], [5, 5, 4]);
    expect(m.node?.outputShape).toEqual([5, 5, 4]);
    expect(m.node?.formulas).toEqual(['5×5×4 ⊙ 5×5×4 → 5×5×4']);
    expect(m.node?.params.total).toBe(0);
    expect(m.node?.macs).toBe(0);
  });

  it('a 1×1×C scale repeats over H×W (squeeze-and-excitation)', () => {
    const m = multiplyOf([5, 7, 4], [1, 1, 4]);
    expect(m.node?.outputShape).toEqual([5, 7, 4]);
    expect(m.node?.formulas).toEqual(['5×7×4 ⊙ 1×1×4 → 5×7×4 (each 1×1×4 repeated over 5×7)']);
  });

  it('MULTIPLY_SHAPE_MISMATCH: another C, another H×W, or a 1×C×1 that is no channel scale', () => {
    for (const other of [
      [1, 1, 3],
      [5, 4, 4],
      [1, 4, 1],
    ]) {
      const m = multiplyOf([5, 5, 4], other);
      expect(m.node?.outputShape).toBeNull();
      expect(m.diagnostics.map((d) => d.code)).toEqual(['MULTIPLY_SHAPE_MISMATCH']);
    }
    const m = multiplyOf([5, 5, 4], [1, 1, 3]);
    expect(m.diagnostics[0]?.message).toBe(
      'Multiply needs equal shapes, or 1×1×C inputs beside one H×W×C with the same C: input 0 is 5×5×4, input 1 is 1×1×3.',
    );
    expect(m.diagnostics[0]?.fix).toBe(
      'Make every input 5×5×4, or a 1×1×4 scale (Reshape a vector of 4 to 1×1×4).',
    );
  });

  it('MULTIPLY_SHAPE_MISMATCH: vectors of different lengths, or a vector with an image', () => {
    const vectors = analyzeGraph(
      dag('v', [
        ['input', 'input', { shape: [6] }, []],
        ['a', 'dense', { units: 4 }, ['input']],
        ['b', 'dense', { units: 5 }, ['input']],
        ['m', 'multiply', {}, ['a', 'b']],
      ]),
    );
    expect(vectors.diagnostics.filter((d) => d.nodeId === 'm').map((d) => d.code)).toEqual([
      'MULTIPLY_SHAPE_MISMATCH',
    ]);
    const mixed = analyzeGraph(
      dag('v', [
        ['input', 'input', { shape: [4, 4, 2] }, []],
        ['pool', 'globalavgpool', {}, ['input']],
        ['m', 'multiply', {}, ['input', 'pool']],
      ]),
    );
    expect(mixed.diagnostics.filter((d) => d.nodeId === 'm').map((d) => d.code)).toEqual([
      'MULTIPLY_SHAPE_MISMATCH',
    ]);
  });
});
