import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeGraph, createAnalyzer } from '../../../shared/analysis/analyze';
import { updateParams } from '../../../shared/graph/edit';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { GRAPH_LIMITS, type GraphDoc, type GraphEdge, type GraphNode } from '../../../shared/graph/schema';
import { getKind } from '../../../shared/layers/registry';
import type { LayerKindDef } from '../../../shared/layers/types';
import { blockBomb } from '../../fixtures/block-bomb';

describe('a block bomb (library blocks that use each other many times)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is a small document that parses', () => {
    const doc = blockBomb();
    expect(JSON.stringify(doc).length).toBeLessThan(20_000);
    expect(parseGraphDoc(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
  });

  it('is refused before expansion with GRAPH_TOO_LARGE on the node, naming the blocks that multiply', () => {
    const infer = vi.spyOn(getKind('conv2d') as LayerKindDef, 'infer');
    const a = analyzeGraph(blockBomb());
    expect(infer).not.toHaveBeenCalled();
    expect(a.ok).toBe(false);
    expect(a.diagnostics).toEqual([
      {
        code: 'GRAPH_TOO_LARGE',
        severity: 'error',
        nodeId: 'bomb',
        message:
          "'bomb' expands to 1,048,576 layers ('b1' uses 'b2' 16 times, 'b2' uses 'b3' 16 times, 'b3' uses " +
          "'b4' 16 times, 'b4' uses 'b5' 16 times): the network would have 1,048,579, over the limit of " +
          `${GRAPH_LIMITS.maxExpandedLayers.toLocaleString('en-US')}. Nothing was expanded or analysed.`,
        fix: 'Use the block fewer times, or make its definition smaller.',
      },
    ]);
    expect(a.nodes.get('bomb')?.diagnostics.map((x) => x.code)).toEqual(['GRAPH_TOO_LARGE']);
    expect([...a.nodes.keys()]).toEqual(['input', 'bomb', 'flat', 'out']);
    expect(a.expanded.nodes).toEqual([]);
    expect(a.expanded.complete).toBe(false);
  });

  it('20 uses per level (3.2 million layers) is refused the same way: no stack overflow, no expansion', () => {
    const a = analyzeGraph(blockBomb(5, 20));
    expect(a.diagnostics).toEqual([expect.objectContaining({ code: 'GRAPH_TOO_LARGE', nodeId: 'bomb' })]);
    expect(a.diagnostics[0]?.message).toMatch(/^'bomb' expands to 3,200,000 layers/);
  });

  it('many uses that each fit are summed: the whole network is over the limit, reported on the largest', () => {
    const doc = blockBomb(2, 8); // 64 layers per use of b1
    const uses = Math.ceil(GRAPH_LIMITS.maxExpandedLayers / 64) + 1;
    const nodes: GraphNode[] = [doc.nodes[0] as GraphNode];
    const edges: GraphEdge[] = [];
    for (let i = 0; i < uses; i += 1) {
      nodes.push({ ...(doc.nodes[1] as GraphNode), id: `u${i}`, name: `u${i}` });
      edges.push({ id: `e${i}`, source: i === 0 ? 'input' : `u${i - 1}`, target: `u${i}`, targetPort: 0 });
    }
    const a = analyzeGraph({ ...doc, nodes, edges });
    expect(a.diagnostics).toHaveLength(1);
    expect(a.diagnostics[0]).toMatchObject({ code: 'GRAPH_TOO_LARGE', nodeId: 'u0' });
    expect(a.diagnostics[0]?.message).toContain(
      `'u0' expands to 64 layers ('b1' uses 'b2' 8 times): the network would have ${(uses * 64 + 1).toLocaleString('en-US')}`,
    );
  });

  it('an edit deep in the library is counted, though the entries that use it are the same objects', () => {
    const analyzer = createAnalyzer();
    const doc = blockBomb(3, 16); // 4,096 layers: fine
    expect(analyzer.update(doc).ok).toBe(true);
    // b3 now uses a block of 16 uses of a block of 16 convs: b1 and b2 are untouched entries.
    const deeper = blockBomb(5, 16).blocks ?? {};
    const edited = {
      ...doc,
      blocks: { ...doc.blocks, b3: deeper.b3, b4: deeper.b4, b5: deeper.b5 },
    } as GraphDoc;
    expect(edited.blocks?.b1).toBe(doc.blocks?.b1);
    const a = analyzer.update(edited);
    expect(a.diagnostics.map((d) => [d.code, d.nodeId])).toEqual([['GRAPH_TOO_LARGE', 'bomb']]);
    expect(a.diagnostics[0]?.message).toMatch(/^'bomb' expands to 1,048,576 layers/);
  });

  it('the live analyzer recovers once the bomb is defused (a smaller definition)', () => {
    const analyzer = createAnalyzer();
    const doc = blockBomb(3, 16);
    expect(analyzer.update(doc).ok).toBe(true);
    expect(analyzer.update(blockBomb(5, 16)).ok).toBe(false);
    const after = analyzer.update(doc);
    expect(after.ok).toBe(true);
    expect(after.expanded.nodes.length).toBe(1 + 4096 + 2);
  });

  it('a graph over the parameter limit is refused with the same code, on the node holding the most', () => {
    const doc: GraphDoc = {
      version: 1,
      name: 'wide',
      description: '',
      nodes: [
        { id: 'input', kind: 'input', name: 'input', params: { shape: [100_000] }, position: { x: 0, y: 0 } },
        {
          id: 'huge',
          kind: 'dense',
          name: 'huge',
          params: { units: 20_000, activation: 'relu' },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [{ id: 'e', source: 'input', target: 'huge', targetPort: 0 }],
    };
    const analyzer = createAnalyzer();
    const a = analyzer.update(doc);
    expect(a.diagnostics).toEqual([
      expect.objectContaining({
        code: 'GRAPH_TOO_LARGE',
        severity: 'error',
        nodeId: 'huge',
        message: `The network has 2,000,020,000 parameters (2,000,020,000 in this layer), over the limit of ${GRAPH_LIMITS.maxParams.toLocaleString('en-US')}.`,
      }),
    ]);
    expect(a.nodes.get('huge')?.diagnostics.map((d) => d.code)).toEqual(['GRAPH_TOO_LARGE']);
    expect(a.ok).toBe(false);
    // An edit (the incremental path) that brings it under the limit clears it, on the node too.
    const fixed = analyzer.update(updateParams(doc, 'huge', { units: 100 }));
    expect(fixed.diagnostics).toEqual([]);
    expect(fixed.nodes.get('huge')?.diagnostics).toEqual([]);
    expect(fixed.ok).toBe(true);
  });
});
