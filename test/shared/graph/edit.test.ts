import { describe, expect, it } from 'vitest';
import {
  addNode,
  canConnect,
  connect,
  disconnect,
  emptyGraph,
  moveNodes,
  newNodeId,
  removeNodes,
  updateParams,
} from '../../../shared/graph/edit';
import type { GraphDoc } from '../../../shared/graph/schema';
import { GraphDocSchema } from '../../../shared/graph/schema';

function build(): { doc: GraphDoc; conv: string; pool: string; add: string } {
  let doc = emptyGraph('t');
  const a = addNode(doc, 'conv2d', { x: 0, y: 100 });
  const b = addNode(a.doc, 'maxpool2d', { x: 0, y: 200 });
  const c = addNode(b.doc, 'add', { x: 0, y: 300 });
  doc = c.doc;
  return { doc, conv: a.nodeId, pool: b.nodeId, add: c.nodeId };
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('graph edit helpers', () => {
  it('adds nodes with catalog defaults and Keras-style ids', () => {
    const { doc, conv } = build();
    expect(conv).toBe('conv2d_1');
    expect(doc.nodes.find((n) => n.id === conv)?.params).toMatchObject({ filters: 32, kernel: 3 });
    expect(newNodeId(doc, 'conv2d')).toBe('conv2d_2');
    expect(GraphDocSchema.safeParse(doc).success).toBe(true);
  });

  it('refuses invalid wires with a coded reason', () => {
    const { doc, conv, pool, add } = build();
    const wired = connect(doc, 'input_1', conv);
    expect(wired.ok).toBe(true);
    if (!wired.ok) return;
    const d = connect(wired.value.doc, conv, pool);
    if (!d.ok) throw new Error('connect failed');
    const g = d.value.doc;
    expect(code(canConnect(g, pool, 'input_1'))).toBe('EDGE_INTO_INPUT');
    expect(code(canConnect(g, pool, conv))).toBe('NODE_TOO_MANY_INPUTS');
    expect(code(canConnect(g, conv, conv))).toBe('EDGE_CREATES_CYCLE');
    expect(code(canConnect(g, 'input_1', conv))).toBe('EDGE_DUPLICATE');
    expect(code(canConnect(g, 'ghost', conv))).toBe('EDGE_UNKNOWN_NODE');
    const merged = connect(g, pool, add);
    if (!merged.ok) throw new Error('connect failed');
    const both = connect(merged.value.doc, 'input_1', add);
    expect(both.ok && both.value.doc.edges.at(-1)?.targetPort).toBe(1);
    // add → conv would close add ← pool ← conv.
    const loop = canConnect(both.ok ? both.value.doc : g, add, conv);
    expect(code(loop)).toBe('NODE_TOO_MANY_INPUTS');
  });

  it('detects a cycle through a merge', () => {
    const { doc, conv, add } = build();
    const a = connect(doc, conv, add);
    if (!a.ok) throw new Error('connect failed');
    expect(code(canConnect(a.value.doc, add, conv))).toBe('EDGE_CREATES_CYCLE');
  });

  it('shares untouched nodes and params (structural sharing)', () => {
    const { doc, conv, pool } = build();
    const next = updateParams(doc, conv, { filters: 8 });
    expect(next).not.toBe(doc);
    expect(next.nodes.find((n) => n.id === pool)).toBe(doc.nodes.find((n) => n.id === pool));
    expect(next.edges).toBe(doc.edges);
    expect(doc.nodes.find((n) => n.id === conv)?.params.filters).toBe(32);
    expect(moveNodes(doc, new Map())).toBe(doc);
  });

  it('removes nodes with their wires', () => {
    const { doc, conv, pool } = build();
    const a = connect(doc, conv, pool);
    if (!a.ok) throw new Error('connect failed');
    const removed = removeNodes(a.value.doc, [conv]);
    expect(removed.nodes.map((n) => n.id)).not.toContain(conv);
    expect(removed.edges).toEqual([]);
    expect(disconnect(a.value.doc, a.value.edgeId).edges).toEqual([]);
  });
});
