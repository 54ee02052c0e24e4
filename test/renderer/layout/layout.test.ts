import { describe, expect, it } from 'vitest';
import { analyzeDoc, presetDoc } from '../../../renderer/src/model/core';
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import {
  bestLayoutOf,
  chainCandidates,
  layeredZoomBound,
  columnCountsNear,
  consumedStages,
  isChain,
  type LayoutInput,
} from '../../../renderer/src/layout/candidates';
import { chooseLayout } from '../../../renderer/src/layout/choose';
import { covered, fitAvoiding, toScreen } from '../../../renderer/src/layout/fit';
import { boundsOf, intersects, NODE_SIZE, type XY } from '../../../renderer/src/layout/geometry';
import { columnBreaks, ranksOf, wrappedLayout } from '../../../renderer/src/layout/wrapped';

const preset = (id: string) => {
  const doc = presetDoc(id);
  if (doc === undefined) throw new Error(id);
  return doc;
};
const boxes = (p: ReadonlyMap<string, XY>) => [...p.values()].map((xy) => ({ ...xy, ...NODE_SIZE }));
const overlapping = (p: ReadonlyMap<string, XY>) => {
  const b = boxes(p);
  return b.some((x, i) => b.some((y, j) => i < j && intersects(x, y)));
};

describe('wrapped layout', () => {
  it('ranks nodes by their longest path from the inputs', () => {
    const ranks = ranksOf({
      nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'c' },
        { source: 'c', target: 'd' },
      ],
    });
    expect(Object.fromEntries(ranks)).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });

  it('breaks columns where a stage begins when one is near, else evenly', () => {
    expect(columnBreaks(12, 3)).toEqual([4, 8]);
    // Stages change at ranks 3 and 9: the breaks move there.
    const stages = [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2];
    expect(columnBreaks(12, 3, stages)).toEqual([3, 9]);
    expect(columnBreaks(3, 5)).toEqual([1, 2]);
  });

  it('folds VGG-16 into its five blocks and the head: each pooling ends its column', () => {
    const doc = preset('vgg16');
    const positions = wrappedLayout(doc, { columns: 6, stageOf: consumedStages(doc, analyzeDoc(doc)) });
    const columnOf = (id: string) => positions.get(id)?.x;
    const columns = [...new Set(doc.nodes.map((n) => columnOf(n.id)))];
    expect(columns).toHaveLength(6);
    const pools = doc.nodes.filter((n) => n.kind === 'maxpool2d').map((n) => n.id);
    for (const pool of pools) {
      const inputs = doc.edges.filter((e) => e.target === pool).map((e) => e.source);
      expect(inputs.map(columnOf), pool).toEqual([columnOf(pool)]);
    }
    expect(overlapping(positions)).toBe(false);
  });

  it('never overlaps nodes, branches included (an inception body side by side)', () => {
    const branching = {
      nodes: ['in', 'a', 'b', 'c', 'cat', 'out'].map((id) => ({ id })),
      edges: [
        { source: 'in', target: 'a' },
        { source: 'in', target: 'b' },
        { source: 'in', target: 'c' },
        { source: 'a', target: 'cat' },
        { source: 'b', target: 'cat' },
        { source: 'c', target: 'cat' },
        { source: 'cat', target: 'out' },
      ],
    };
    for (const columns of [1, 2, 3]) expect(overlapping(wrappedLayout(branching, { columns }))).toBe(false);
  });
});

describe('choosing a layout for the window', () => {
  const resnet = preset('resnet50');
  const candidates = chainCandidates(resnet, analyzeDoc(resnet));

  it('treats every preset as a chain at its top level (laid out without the worker)', () => {
    for (const id of ['lenet5', 'vgg16', 'googlenet', 'resnet50']) expect(isChain(preset(id)), id).toBe(true);
    expect(candidates.map((c) => c.mode)).toContain('right');
  });

  it('wraps ResNet-50 into columns in a wide canvas and draws it large enough to read', () => {
    const best = chooseLayout(candidates, { width: 740, height: 480 });
    expect(best?.mode).toBe('wrapped');
    // Compact nodes keep their text at 11.5 px on screen down to a zoom of 0.5.
    expect(best?.zoom ?? 0).toBeGreaterThan(0.46);
  });

  it('keeps a short chain top to bottom in a tall canvas', () => {
    const lenet = preset('lenet5');
    const best = chooseLayout(chainCandidates(lenet, analyzeDoc(lenet)), { width: 400, height: 1400 });
    expect(best?.mode).toBe('down');
  });

  it('tries only the column counts near the canvas’s shape for a big graph', () => {
    const counts = columnCountsNear(500, { width: 1380, height: 760 });
    expect(counts.length).toBeLessThanOrEqual(6);
    expect(counts[0]).toBeGreaterThanOrEqual(2);
    // 500 ranks in a wide canvas: about 19 columns would match its shape; at most 14 are tried.
    expect(counts.at(-1)).toBe(14);
    expect(columnCountsNear(4, { width: 2000, height: 300 })).toEqual([2, 3, 4]);
  });

  it('uses most of a 1920-wide canvas for ResNet-50', () => {
    const best = chooseLayout(candidates, { width: 1380, height: 760 });
    const b = boundsOf(best?.positions ?? new Map());
    expect((b.width * (best?.zoom ?? 0)) / 1380).toBeGreaterThan(0.6);
  });
});

describe('the layout worker’s computation (run here in process)', () => {
  // A residual network: conv → batchnorm → relu → add(with the skip), `blocks` times: 4·blocks + 1 nodes.
  const residual = (blocks = 12): LayoutInput => {
    const nodes: { id: string }[] = [{ id: 'in' }];
    const edges: LayoutInput['edges'] = [];
    const wire = (source: string, target: string, targetPort = 0) =>
      edges.push({ id: `e${edges.length}`, source, target, targetPort });
    let head = 'in';
    for (let i = 0; i < blocks; i += 1) {
      for (const part of ['c', 'b', 'r', 'a']) nodes.push({ id: `${part}${i}` });
      wire(head, `c${i}`);
      wire(`c${i}`, `b${i}`);
      wire(`b${i}`, `r${i}`);
      wire(`r${i}`, `a${i}`);
      wire(head, `a${i}`, 1);
      head = `a${i}`;
    }
    return { nodes: nodes as unknown as LayoutInput['nodes'], edges };
  };
  const elk = new ElkBundled();
  const layout = (g: Parameters<typeof elk.layout>[0]) => elk.layout(g);
  const overlapping = (positions: ReadonlyMap<string, XY>): number => {
    const boxes = [...positions.values()].map((p) => ({ ...p, ...NODE_SIZE }));
    let n = 0;
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => (n += intersects(a, b) ? 1 : 0)));
    return n;
  };

  it('places every node of a branching graph, none on another, drawn as large as the best single mode', async () => {
    const doc = residual();
    expect(isChain(doc)).toBe(false);
    for (const size of [
      { width: 300, height: 6000 },
      { width: 1380, height: 760 },
    ]) {
      const best = await bestLayoutOf({ doc, stageOf: null, size, opts: {} }, layout);
      expect(best?.positions.size).toBe(49);
      expect(overlapping(best?.positions ?? new Map())).toBe(0);
      for (const mode of ['down', 'right', 'wrapped'] as const) {
        const one = await bestLayoutOf({ doc, stageOf: null, size, opts: {}, mode }, layout);
        expect(overlapping(one?.positions ?? new Map()), mode).toBe(0);
        // Zooms within 3 % read the same (choose.ts), so the pick may trade that much for fill.
        expect(best?.zoom ?? 0).toBeGreaterThanOrEqual((one?.zoom ?? 0) * 0.97);
      }
    }
  });

  it('bounds what elkjs could achieve, and skips it for a long graph where columns already draw larger', async () => {
    const size = { width: 1380, height: 760 };
    const small = residual();
    for (const direction of ['down', 'right'] as const) {
      const drawn = await bestLayoutOf(
        { doc: small, stageOf: null, size, opts: {}, mode: direction },
        layout,
      );
      // 12 blocks: 37 ranks.
      expect(drawn?.zoom ?? 1).toBeLessThanOrEqual(layeredZoomBound(37, direction, size, {}));
    }
    let calls = 0;
    const counting = (g: Parameters<typeof layout>[0]) => {
      calls += 1;
      return layout(g);
    };
    const long = residual(125);
    const best = await bestLayoutOf({ doc: long, stageOf: null, size, opts: {} }, counting);
    expect(calls).toBe(0);
    expect(best?.mode).toBe('wrapped');
    expect(best?.positions.size).toBe(501);
    // A short graph in a tall canvas still asks elkjs (top to bottom can win there).
    await bestLayoutOf({ doc: small, stageOf: null, size: { width: 260, height: 6000 }, opts: {} }, counting);
    expect(calls).toBeGreaterThan(0);
  });

  it('keeps to the mode asked for', async () => {
    const size = { width: 1380, height: 760 };
    for (const mode of ['down', 'right', 'wrapped'] as const) {
      const best = await bestLayoutOf({ doc: residual(), stageOf: null, size, opts: {}, mode }, layout);
      expect(best?.mode).toBe(mode);
    }
    expect(
      await bestLayoutOf({ doc: { nodes: [], edges: [] }, stageOf: null, size, opts: {} }, layout),
    ).toBeNull();
  });
});

describe('fitting around the canvas overlays', () => {
  const nodes = [
    { x: 0, y: 0, width: 200, height: 70 },
    { x: 800, y: 400, width: 200, height: 70 },
  ];
  const canvas = { width: 1000, height: 500 };

  it('fits plainly when nothing is covered', () => {
    const v = fitAvoiding(nodes, canvas, [{ x: 0, y: 0, width: 10, height: 10 }]);
    expect(covered(nodes, [{ x: 0, y: 0, width: 10, height: 10 }], v)).toBe(0);
  });

  it('keeps every node out from under a corner overlay, giving up as little zoom as it can', () => {
    const minimap = { x: 820, y: 380, width: 170, height: 110 };
    const v = fitAvoiding(nodes, canvas, [minimap]);
    expect(covered(nodes, [minimap], v)).toBe(0);
    for (const n of nodes) {
      const s = toScreen(n, v);
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x + s.width).toBeLessThanOrEqual(canvas.width);
    }
    const plain = fitAvoiding(nodes, canvas, []);
    expect(v.zoom).toBeLessThan(plain.zoom);
    expect(v.zoom).toBeGreaterThan(plain.zoom * 0.6);
  });
});
