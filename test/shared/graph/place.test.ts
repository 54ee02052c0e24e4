import { describe, expect, it } from 'vitest';
import { freeSpot, isFree, roomBetween } from '../../../shared/graph/place';
import type { GraphDoc } from '../../../shared/graph/schema';

const size = { width: 216, height: 72 };
const gap = { x: 64, y: 40 };

function column(n: number): GraphDoc {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    kind: 'dropout',
    name: `n${i}`,
    params: {},
    position: { x: 0, y: i * 112 },
  }));
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id, targetPort: 0 }));
  return { version: 1, name: 't', description: '', nodes, edges };
}

describe('placing new nodes', () => {
  it('finds the nearest spot that covers no node', () => {
    const boxes = [{ x: 0, y: 0, ...size }];
    expect(freeSpot(boxes, { x: 500, y: 0 }, size)).toEqual({ x: 500, y: 0 });
    const spot = freeSpot(boxes, { x: 0, y: 0 }, size);
    expect(isFree(boxes, spot, size)).toBe(true);
    expect(Math.hypot(spot.x, spot.y)).toBeLessThan(150);
  });

  it('opens a gap in a straight chain by moving the downstream part one row down', () => {
    const doc = column(4);
    const { at, moves } = roomBetween(doc, 'n1', 'n2', size, gap);
    expect(at).toEqual({ x: 0, y: 224 });
    expect([...moves.keys()].sort()).toEqual(['n2', 'n3']);
    expect(moves.get('n2')).toEqual({ x: 0, y: 336 });
    const boxes = doc.nodes.map((n) => ({ ...(moves.get(n.id) ?? n.position), ...size }));
    expect(isFree(boxes, at, size, 8)).toBe(true);
  });

  it('places between two far-apart ends (a wrapped column jump) without moving anything', () => {
    const doc = column(2);
    const far: GraphDoc = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'n1' ? { ...n, position: { x: 600, y: -500 } } : n)),
    };
    const { at, moves } = roomBetween(far, 'n0', 'n1', size, gap);
    expect(moves.size).toBe(0);
    expect(
      isFree(
        far.nodes.map((n) => ({ ...n.position, ...size })),
        at,
        size,
      ),
    ).toBe(true);
  });
});
