import { describe, expect, it } from 'vitest';
import { computeTopology } from '../../../shared/graph/topology';

const n = (id: string, kind = 'conv2d') => ({ id, kind, name: id });
const e = (source: string, target: string, targetPort = 0) => ({
  id: `${source}-${target}`,
  source,
  target,
  targetPort,
});

describe('computeTopology', () => {
  it('orders a diamond and keeps document order among ready nodes', () => {
    const t = computeTopology(
      [n('input', 'input'), n('b'), n('a'), n('add', 'add')],
      [e('input', 'a'), e('input', 'b'), e('a', 'add', 0), e('b', 'add', 1)],
    );
    expect(t.order).toEqual(['input', 'b', 'a', 'add']);
    expect(t.inputsOf.get('add')?.map((x) => x.source)).toEqual(['a', 'b']);
    expect(t.output).toBe('add');
    expect(t.diagnostics).toEqual([]);
  });

  it('names a node on the cycle, not one merely downstream of it', () => {
    const t = computeTopology(
      [n('input', 'input'), n('after', 'flatten'), n('x', 'add'), n('y'), n('z')],
      [e('input', 'x', 0), e('x', 'y'), e('y', 'z'), e('z', 'x', 1), e('z', 'after')],
    );
    const cycle = t.diagnostics.filter((d) => d.code === 'GRAPH_CYCLE');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]?.nodeId).toBe('x');
    expect(cycle[0]?.message).toContain('x → y → z → x');
    expect(t.order).toEqual(['input']);
  });

  it('reports two separate cycles separately', () => {
    const t = computeTopology(
      [n('input', 'input'), n('a', 'add'), n('b'), n('c', 'add'), n('d')],
      [e('input', 'a', 0), e('a', 'b'), e('b', 'a', 1), e('b', 'c', 0), e('c', 'd'), e('d', 'c', 1)],
    );
    expect(t.diagnostics.filter((d) => d.code === 'GRAPH_CYCLE').map((d) => d.nodeId)).toEqual(['a', 'c']);
  });

  it('handles a 20,000-node chain without recursion', () => {
    const nodes = [n('input', 'input'), ...Array.from({ length: 20_000 }, (_, i) => n(`c${i}`, 'dropout'))];
    const edges = nodes.slice(1).map((node, i) => e((nodes[i] as { id: string }).id, node.id));
    const t = computeTopology(nodes, edges);
    expect(t.order).toHaveLength(20_001);
    edges.push(e('c19999', 'c0'));
    const cyclic = computeTopology(nodes, edges);
    expect(cyclic.diagnostics.some((d) => d.code === 'GRAPH_CYCLE' && d.nodeId === 'c0')).toBe(true);
  });
});
