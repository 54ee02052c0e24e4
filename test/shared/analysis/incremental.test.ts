import { describe, expect, it } from 'vitest';
import { analyzeGraph, createAnalyzer } from '../../../shared/analysis/analyze';
import { updateParams } from '../../../shared/graph/edit';
import { getPreset } from '../../../shared/presets';
import { buildResnet } from '../../../shared/presets/resnet';
import { chain } from './helpers';

const doc = () =>
  chain([
    ['input', 'input', { shape: [28, 28, 1] }],
    ['c1', 'conv2d', { padding: 'same' }],
    ['p1', 'maxpool2d'],
    ['c2', 'conv2d', { padding: 'same' }],
    ['f', 'flatten'],
    ['d', 'dense', { units: 10 }],
  ]);

describe('createAnalyzer (incremental)', () => {
  it('recomputes only the dependent cone of an edit', () => {
    const analyzer = createAnalyzer();
    const before = analyzer.update(doc());
    const edited = updateParams(doc(), 'c2', { filters: 8 });
    // A fresh document with equal values: everything upstream is reused by value.
    const after = analyzer.update(edited);
    for (const id of ['input', 'c1', 'p1']) expect(after.nodes.get(id)).toBe(before.nodes.get(id));
    for (const id of ['c2', 'f', 'd']) expect(after.nodes.get(id)).not.toBe(before.nodes.get(id));
    expect(after.nodes.get('d')?.inputShapes).toEqual([[14 * 14 * 8]]);
  });

  it('stops at the first node whose inputs did not change', () => {
    const analyzer = createAnalyzer();
    const base = doc();
    const before = analyzer.update(base);
    const after = analyzer.update(updateParams(base, 'c2', { activation: 'tanh' }));
    expect(after.nodes.get('c2')).not.toBe(before.nodes.get('c2'));
    expect(after.nodes.get('c2')?.notation).toContain('tanh');
    expect(after.nodes.get('f')).toBe(before.nodes.get('f'));
    expect(after.nodes.get('d')).toBe(before.nodes.get('d'));
  });

  it('reflows the receptive field downstream when a kernel changes', () => {
    const analyzer = createAnalyzer();
    const base = doc();
    analyzer.update(base);
    const after = analyzer.update(updateParams(base, 'c1', { kernel: 5 }));
    expect(after.nodes.get('c2')?.receptiveField?.size).toEqual([10, 10]);
  });

  it('gives the same answer as a one-shot analysis after a series of edits', () => {
    const analyzer = createAnalyzer();
    let current = getPreset('resnet18')?.build() ?? doc();
    analyzer.update(current);
    for (const [id, width] of [
      ['layer2_0', 96],
      ['layer3_1', 200],
      ['layer2_0', 128],
    ] as const) {
      current = updateParams(current, id, { width });
      const incremental = analyzer.update(current);
      const fresh = analyzeGraph(current);
      expect(incremental.totals).toEqual(fresh.totals);
      expect(incremental.diagnostics).toEqual(fresh.diagnostics);
      for (const nodeId of fresh.order) {
        expect(incremental.nodes.get(nodeId)?.outputShape).toEqual(fresh.nodes.get(nodeId)?.outputShape);
      }
    }
  });

  it('analyses a ResNet-152 with the torchvision parameter count', () => {
    const a = analyzeGraph(buildResnet(152, 'ResNet-152', '', ''));
    expect(a.totals.trainableParams).toBe(60_192_808);
    expect(a.totals.depth).toBe(152);
  });
});

describe('incremental results equal a fresh analysis', () => {
  const snapshot = (a: ReturnType<typeof analyzeGraph>) => ({
    order: a.order,
    nodes: [...a.nodes.entries()].map(([id, n]) => [
      id,
      n.outputShape,
      n.params,
      n.macs,
      n.receptiveField,
      n.diagnostics,
    ]),
    edges: [...a.edgeShapes.entries()],
    totals: a.totals,
    diagnostics: a.diagnostics,
    ok: a.ok,
    expanded: a.expanded.nodes.map((n) => n.id),
  });

  it('after a series of shape-changing, no-op, breaking and repairing edits', () => {
    const analyzer = createAnalyzer();
    let current = doc();
    const first = analyzer.update(current);
    expect(analyzer.update(current)).toBe(first);
    const edits: [string, Record<string, unknown>][] = [
      ['c1', { filters: 4 }],
      ['p1', { size: 3, stride: 3 }],
      ['c2', { kernel: 30 }], // breaks: SHAPE_NONPOSITIVE, downstream shapes unknown
      ['c2', { kernel: 3 }], // repairs
      ['d', { units: 3 }],
      ['c1', { filters: 4 }], // no-op value
      ['input', { shape: [20, 20, 3] }],
    ];
    for (const [id, patch] of edits) {
      current = updateParams(current, id, patch as never);
      expect(snapshot(analyzer.update(current))).toEqual(snapshot(analyzeGraph(current)));
    }
  });
});
