import type { GraphNode } from '../../../shared/graph/schema';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { ceilAxis } from '../../../shared/layers/common/pytorch-pool';
import { chain } from '../analysis/helpers';
import { runPython, torchMissing } from '../codegen/python';
import { skipWithReason } from '../../setup/skip';

function poolOf(input: number[], params: GraphNode['params'], kind: 'maxpool2d' | 'minpool2d' = 'maxpool2d') {
  const a = analyzeGraph(
    chain([
      ['input', 'input', { shape: input }],
      ['p', kind, params],
    ]),
  );
  return { node: a.nodes.get('p'), diagnostics: a.diagnostics.filter((d) => d.nodeId === 'p') };
}

describe("PyTorch's ceil_mode and padding that never wins", () => {
  it('ceil mode rounds up; the formula says which rule applies, with numbers', () => {
    const p = poolOf([55, 55, 64], { size: 3, stride: 2, ceilMode: true });
    expect(p.node?.outputShape).toEqual([27, 27, 64]);
    const q = poolOf([8, 8, 2], { size: 3, stride: 2, ceilMode: true });
    expect(q.node?.outputShape).toEqual([4, 4, 2]);
    expect(q.node?.formulas).toContain(
      'H: ⌈(8 + 2·0 − 3)/2⌉ + 1 = 4 (ceil_mode: the last window starts at 6 < 8 + 0, inside the input)',
    );
    expect(q.node?.formulas).toContain(
      'H: the last window reaches 1 row past the input; it is −∞ and never wins',
    );
    expect(q.diagnostics).toEqual([]);
    // The Keras rule on the same input floors, and warns about the dropped row.
    const floor = poolOf([8, 8, 2], { size: 3, stride: 2 });
    expect(floor.node?.outputShape).toEqual([3, 3, 2]);
    expect(floor.diagnostics.map((d) => d.code)).toEqual(['SHAPE_NOT_EXACT']);
  });

  it("PyTorch's rule: a last window that would start past the input and left padding is dropped", () => {
    const p = poolOf([5, 5, 1], { size: 2, stride: 2, padding: 1, ceilMode: true, ignorePadding: true });
    expect(p.node?.outputShape).toEqual([3, 3, 1]);
    expect(p.node?.formulas).toContain(
      'H: ⌈(5 + 2·1 − 2)/2⌉ + 1 = 4; the last window would start at (4 − 1)·2 = 6 ≥ 5 + 1, past the input (PyTorch drops it): 3 (ceil_mode)',
    );
    expect(p.node?.formulas).toContain('padded cells are −∞: they never win (PyTorch)');
    expect(ceilAxis(5, 2, 2, 1, 1)).toEqual({ span: 5, rounded: 4, dropped: true, out: 3, extra: 0 });
  });

  it('min pooling pads with +∞; the notation names the options', () => {
    const p = poolOf([6, 6, 1], { size: 3, stride: 1, padding: 1, ignorePadding: true }, 'minpool2d');
    expect(p.node?.outputShape).toEqual([6, 6, 1]);
    expect(p.node?.formulas).toContain('padded cells are +∞: they never win (PyTorch)');
  });

  it("POOL_CEIL_MODE_SAME: ceil mode with 'same' padding", () => {
    const p = poolOf([7, 7, 1], { size: 3, stride: 2, padding: 'same', ceilMode: true });
    expect(p.node?.outputShape).toBeNull();
    expect(p.diagnostics.map((d) => d.code)).toEqual(['POOL_CEIL_MODE_SAME']);
    expect(p.diagnostics[0]?.fix).toBe(
      'Use padding valid or a number P with ceil mode, or turn ceil mode off.',
    );
  });

  it('SHAPE_NONPOSITIVE: a window larger than the padded input, in ceil mode too', () => {
    const p = poolOf([2, 2, 1], { size: 4, stride: 1, ceilMode: true });
    expect(p.diagnostics.map((d) => d.code)).toEqual(['SHAPE_NONPOSITIVE']);
  });

  it("the output sizes equal PyTorch's nn.MaxPool2d(ceil_mode=True) over a grid of sizes", (ctx) => {
    const missing = torchMissing();
    if (missing !== null) return skipWithReason(ctx, missing);
    const cases: [number, number, number, number][] = [];
    for (let n = 1; n <= 13; n += 1)
      for (let k = 1; k <= 4; k += 1)
        for (let s = 1; s <= 3; s += 1)
          for (let pad = 0; pad <= Math.floor(k / 2); pad += 1)
            if (n + 2 * pad >= k) cases.push([n, k, s, pad]);
    const script = [
      'import json, sys, torch',
      'cases = json.loads(sys.argv[1])',
      'def size(n, k, s, p):',
      '    return torch.nn.MaxPool2d((k, 1), (s, 1), padding=(p, 0), ceil_mode=True)(torch.zeros(1, 1, n, 1)).shape[2]',
      'out = [size(n, k, s, p) for n, k, s, p in cases]',
      'print(json.dumps(out))',
    ].join('\n');
    const run = runPython(['-c', script, JSON.stringify(cases)]);
    const absent = torchMissing(run);
    if (absent !== null) return skipWithReason(ctx, absent);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const torch = JSON.parse(run.stdout) as number[];
    const ours = cases.map(([n, k, s, pad]) => ceilAxis(n, k, s, pad, pad).out);
    expect(ours).toEqual(torch);
    expect(cases.length).toBeGreaterThan(200);
  });
});
