import { describe, expect, it } from 'vitest';
import { analyzeGraph, createAnalyzer } from '../../../shared/analysis/analyze';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { GRAPH_LIMITS } from '../../../shared/graph/schema';
import { blockBomb } from '../../fixtures/block-bomb';

describe('a block bomb (library blocks that use each other many times)', () => {
  it('is a small document that parses', () => {
    const doc = blockBomb();
    expect(JSON.stringify(doc).length).toBeLessThan(20_000);
    expect(parseGraphDoc(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
  });

  it('is refused before expansion with GRAPH_TOO_LARGE on the node, naming the blocks that multiply', () => {
    const a = analyzeGraph(blockBomb());
    expect(a.ok).toBe(false);
    const d = a.diagnostics.find((x) => x.code === 'GRAPH_TOO_LARGE');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'bomb' });
    expect(d?.message).toContain('1,048,576 layers');
    expect(d?.message).toMatch(/'b1' uses 'b2' 16 times/);
    expect(d?.message).toContain(GRAPH_LIMITS.maxExpandedLayers.toLocaleString('en-US'));
    expect(a.nodes.get('bomb')?.diagnostics.map((x) => x.code)).toEqual(['GRAPH_TOO_LARGE']);
    expect(a.expanded.nodes).toEqual([]);
    expect(a.expanded.complete).toBe(false);
  });

  it('20 uses per level (3.2 million layers) is refused the same way, with no stack overflow', () => {
    const a = analyzeGraph(blockBomb(5, 20));
    expect(a.diagnostics.map((d) => d.code)).toContain('GRAPH_TOO_LARGE');
  });

  it('counts each definition once: 1,000 top-level uses of a big block are measured without expanding it', () => {
    const doc = blockBomb(4, 16); // 65,536 layers per use of b1
    const a = analyzeGraph(doc);
    expect(a.diagnostics.find((d) => d.code === 'GRAPH_TOO_LARGE')?.message).toContain('65,536 layers');
  });

  it('the live analyzer recovers once the bomb is defused (a smaller definition)', () => {
    const analyzer = createAnalyzer();
    const doc = blockBomb(3, 16); // 4,096 layers: fine
    expect(analyzer.update(doc).ok).toBe(true);
    const bomb = blockBomb(5, 16);
    expect(analyzer.update(bomb).ok).toBe(false);
    const after = analyzer.update(doc);
    expect(after.ok).toBe(true);
    expect(after.expanded.nodes.length).toBe(1 + 4096 + 2);
  });

  it('a graph over the parameter limit is refused with the same code, on the node holding the most', () => {
    const doc = {
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
    const a = analyzeGraph(doc);
    const d = a.diagnostics.find((x) => x.code === 'GRAPH_TOO_LARGE');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'huge' });
    expect(d?.message).toContain('2,000,020,000 parameters');
    expect(a.ok).toBe(false);
  });
});
