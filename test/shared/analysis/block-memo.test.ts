import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeGraph, createAnalyzer } from '../../../shared/analysis/analyze';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { BlockDef, GraphDoc, GraphEdge, GraphNode, SubGraph } from '../../../shared/graph/schema';
import { getKind, resolveParams } from '../../../shared/layers/registry';
import { presets } from '../../../shared/presets';
import { blockBomb } from '../../fixtures/block-bomb';

/**
 * Each block body is walked once per distinct input shape; its other uses are copies of that walk under
 * their own ids (shared/analysis/block-memo.ts). The copies must be exactly what a walk would have produced.
 */

const at = { x: 0, y: 0 };
const n = (id: string, kind: string, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  kind,
  name: id,
  params,
  position: at,
});
const use = (id: string, blockId: string) => n(id, 'group', { blockId });
const e = (source: string, target: string, targetPort = 0): GraphEdge => ({
  id: `${source}->${target}:${targetPort}`,
  source,
  target,
  targetPort,
});
const conv = (filters: number, kernel: number, stride = 1, padding: string = 'same') => ({
  filters,
  kernel,
  stride,
  padding,
});

/**
 * Nested user blocks whose uses share inputs (parallel uses) or only shapes (a chain, where the receptive field
 * grows), with a SHAPE_NOT_EXACT warning inside a block used four times, a Residual inside a library block,
 * and a block with an invalid parameter used twice.
 */
function nestedDoc(): GraphDoc {
  const blocks: Record<string, BlockDef> = {
    same: {
      name: 'same',
      body: {
        nodes: [n('c', 'conv2d', conv(8, 3)), n('r', 'activation', { activation: 'relu' })],
        edges: [e('in', 'c'), e('c', 'r')],
      },
    },
    warn: {
      name: 'warn',
      body: {
        nodes: [
          n('p', 'maxpool2d', { size: 2, stride: 2, padding: 'valid' }),
          n('c', 'conv2d', conv(8, 3, 1, 'valid')),
        ],
        edges: [e('in', 'p'), e('p', 'c')],
      },
    },
    bad: {
      name: 'bad',
      body: { nodes: [n('c', 'conv2d', { filters: 0, kernel: 3 })], edges: [e('in', 'c')] },
    },
    outer: {
      name: 'outer',
      body: {
        nodes: [
          use('a', 'same'),
          use('b', 'same'),
          use('w1', 'warn'),
          use('w2', 'warn'),
          n('cat', 'concatenate'),
          n('res', 'residual', { variant: 'basic', width: 8, stride: 1 }),
        ],
        edges: [
          e('in', 'a'),
          e('a', 'b'),
          e('b', 'w1'),
          e('b', 'w2'),
          e('w1', 'cat', 0),
          e('w2', 'cat', 1),
          e('cat', 'res'),
        ],
      },
    },
  };
  return {
    version: 1,
    name: 'nested',
    description: '',
    blocks,
    nodes: [
      n('input', 'input', { shape: [45, 45, 3] }),
      n('stem', 'conv2d', conv(8, 3, 2)),
      use('o1', 'outer'),
      n('adapt', 'conv2d', conv(8, 1)),
      use('o2', 'outer'),
      use('s1', 'same'),
      use('s2', 'same'),
      use('x1', 'bad'),
      use('x2', 'bad'),
      n('add', 'add'),
      n('gap', 'globalavgpool'),
      n('out', 'dense', { units: 10, activation: 'softmax' }),
    ],
    edges: [
      e('input', 'stem'),
      e('stem', 'o1'),
      e('o1', 'adapt'),
      e('adapt', 'o2'),
      e('o2', 's1'),
      e('s1', 's2'),
      e('s2', 'x1'),
      e('s2', 'x2'),
      e('x1', 'add', 0),
      e('x2', 'add', 1),
      e('add', 'gap'),
      e('gap', 'out'),
    ],
  };
}

/**
 * The same network with nothing to share: every use of a library block gets its own copy of the definition
 * (same name and parts, so the same analysis), and every top-level Inception or Residual its generated body
 * as an edited one. Analysing it walks every use.
 */
function ownCopies(doc: GraphDoc): GraphDoc {
  const analysis = analyzeGraph(doc);
  const source = doc.blocks ?? {};
  const blocks: Record<string, BlockDef> = {};
  let copies = 0;
  const copyBody = (body: SubGraph): SubGraph => ({
    nodes: body.nodes.map((child) => copyNode(child)),
    edges: body.edges.map((edge) => ({ ...edge })),
  });
  const copyNode = (node: GraphNode): GraphNode => {
    if (node.kind === 'group') {
      const entry = source[String(node.params.blockId)];
      if (entry === undefined) return node;
      const id = `copy${(copies += 1)}`;
      blocks[id] = { ...entry, body: copyBody(entry.body) };
      return { ...node, params: { blockId: id } };
    }
    return node.body === undefined ? { ...node } : { ...node, body: copyBody(node.body) };
  };
  const nodes = doc.nodes.map((node) => {
    const def = getKind(node.kind);
    const input = analysis.nodes.get(node.id)?.inputShapes[0] ?? null;
    if (node.kind === 'group' || def?.expand === undefined || node.body !== undefined) return copyNode(node);
    const params = resolveParams(def, node.params);
    if (!params.ok) return node;
    return { ...node, body: structuredClone(def.expand(params.value, input)) };
  });
  return { ...doc, nodes, blocks };
}

/** An analysis as plain data (getters read, maps as entry lists) for a deep comparison. */
function plain(a: GraphAnalysis): unknown {
  const walk = (v: unknown): unknown => {
    if (v instanceof Map) return [...v].map(([k, x]) => [k, walk(x)]);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.keys(v).map((k) => [k, walk((v as Record<string, unknown>)[k])]));
    return v;
  };
  return walk({
    order: a.order,
    nodes: a.nodes,
    edgeShapes: a.edgeShapes,
    totals: a.totals,
    diagnostics: a.diagnostics,
    output: a.output,
    ok: a.ok,
    expanded: a.expanded,
    primitives: a.primitives,
  });
}

const conv2d = getKind('conv2d');

/** How many convolutions `run` puts through the shape rules. */
function convRulesRun(run: () => void): number {
  if (conv2d?.infer === undefined) throw new Error('conv2d has no shape rule');
  const spy = vi.spyOn(conv2d, 'infer');
  try {
    run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('block analysis is memoised per body and input shape', () => {
  afterEach(() => vi.restoreAllMocks());

  it('4,096 convolutions in 16 uses of a block of 16 uses of a block of 16 convs run the conv rules 16 times', () => {
    let analysis: GraphAnalysis | null = null;
    const runs = convRulesRun(() => (analysis = analyzeGraph(blockBomb(3, 16))));
    expect(runs).toBe(16);
    const a = analysis as GraphAnalysis | null;
    expect(a?.ok).toBe(true);
    // Every use is still there, under its own id, with its own analysis.
    expect(a?.expanded.nodes).toHaveLength(1 + 16 ** 3 + 2);
    expect(a?.primitives.get('bomb/u15/u15/c15')).toMatchObject({
      nodeId: 'bomb/u15/u15/c15',
      outputShape: [4, 4, 2],
      params: { total: 6 },
    });
    expect(a?.expanded.nodes.find((p) => p.id === 'bomb/u3/u7/c1')).toMatchObject({
      name: 'bomb/u3/u7/c1',
      origin: 'bomb',
    });
    expect(a?.totals.params).toBe(16 ** 3 * 6 + (4 * 4 * 2 * 10 + 10));
  });

  it('walks every use when each has its own copy: the copies are what makes it cheap', () => {
    const doc = blockBomb(2, 16);
    const copies = ownCopies(doc);
    expect(convRulesRun(() => analyzeGraph(doc))).toBe(16);
    expect(convRulesRun(() => analyzeGraph(copies))).toBe(256);
  });

  it('a copied use is exactly the walk it stands for: ids, names, shapes, receptive fields, diagnostics', () => {
    const doc = nestedDoc();
    const shared = analyzeGraph(doc);
    const walked = analyzeGraph(ownCopies(doc));
    // The document exercises what a copy must rewrite: warnings and errors inside reused blocks.
    expect(shared.diagnostics.map((d) => [d.code, d.nodeId, d.partId])).toEqual([
      ['SHAPE_NOT_EXACT', 'o1', 'o1/w1/p'],
      ['SHAPE_NOT_EXACT', 'o1', 'o1/w2/p'],
      ['SHAPE_NOT_EXACT', 'o2', 'o2/w1/p'],
      ['SHAPE_NOT_EXACT', 'o2', 'o2/w2/p'],
      ['PARAM_INVALID', 'x1', 'x1/c'],
      ['PARAM_INVALID', 'x2', 'x2/c'],
    ]);
    expect(shared.primitives.get('s2/c')?.receptiveField).toEqual({ size: [137, 137], jump: [8, 8] });
    expect(plain(shared)).toEqual(plain(walked));
    const copies = ownCopies(doc);
    expect(convRulesRun(() => analyzeGraph(doc))).toBeLessThan(convRulesRun(() => analyzeGraph(copies)));
  });

  it.each(presets.filter((p) => ['googlenet', 'resnet18', 'resnet50'].includes(p.id)).map((p) => [p.id, p]))(
    'the %s preset analyses the same with its blocks shared or walked one by one',
    (_id, preset) => {
      const doc = preset.build();
      expect(plain(analyzeGraph(doc))).toEqual(plain(analyzeGraph(ownCopies(doc))));
    },
  );

  it('an edit of a library entry used inside another reaches every copy (the live analyzer)', () => {
    const analyzer = createAnalyzer();
    const doc = blockBomb(2, 4);
    expect(analyzer.update(doc).primitives.get('bomb/u3/c3')?.outputShape).toEqual([4, 4, 2]);
    const b2 = doc.blocks?.b2 as BlockDef;
    const wider: BlockDef = {
      ...b2,
      body: { ...b2.body, nodes: b2.body.nodes.map((c) => ({ ...c, params: { ...c.params, filters: 3 } })) },
    };
    const edited = analyzer.update({ ...doc, blocks: { ...doc.blocks, b2: wider } });
    for (const u of ['u0', 'u1', 'u2', 'u3'])
      expect(edited.primitives.get(`bomb/${u}/c3`)?.outputShape).toEqual([4, 4, 3]);
  });
});
