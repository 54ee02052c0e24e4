import { describe, expect, it } from 'vitest';
import { copySelection, pasteInto } from '../../../renderer/src/model/clipboard';
import { chain } from '../helpers';

describe('clipboard', () => {
  const doc = chain('conv2d', 'maxpool2d', 'flatten');

  it('copies the selected nodes and only the edges between them', () => {
    const content = copySelection(doc, ['conv2d_1', 'maxpool2d_1']);
    expect(content.nodes.map((n) => n.id)).toEqual(['conv2d_1', 'maxpool2d_1']);
    expect(content.edges.map((e) => [e.source, e.target])).toEqual([['conv2d_1', 'maxpool2d_1']]);
  });

  it('pastes with fresh ids, unique names, remapped edges and an offset', () => {
    const content = copySelection(doc, ['conv2d_1', 'maxpool2d_1']);
    const { graph, nodeIds } = pasteInto(doc, content, { x: 32, y: 32 });
    expect(nodeIds).toHaveLength(2);
    const ids = new Set(doc.nodes.map((n) => n.id));
    for (const id of nodeIds) expect(ids.has(id)).toBe(false);
    const pasted = graph.nodes.filter((n) => nodeIds.includes(n.id));
    expect(new Set(graph.nodes.map((n) => n.name)).size).toBe(graph.nodes.length);
    expect(pasted[0]?.position).toEqual({ x: 32, y: 152 });
    const newEdge = graph.edges.at(-1);
    expect([newEdge?.source, newEdge?.target]).toEqual(nodeIds);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
    // The original is untouched and the paste shares nothing mutable with the clipboard.
    expect(doc.nodes).toHaveLength(4);
    expect(pasted[0]?.params).not.toBe(content.nodes[0]?.params);
  });

  it('pastes twice without collisions', () => {
    const content = copySelection(doc, ['conv2d_1']);
    const once = pasteInto(doc, content, { x: 32, y: 32 }).graph;
    const twice = pasteInto(once, content, { x: 64, y: 64 });
    expect(new Set(twice.graph.nodes.map((n) => n.id)).size).toBe(6);
  });
});
