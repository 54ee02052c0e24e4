import { describe, expect, it } from 'vitest';
import { copySelection, pasteInto } from '../../../renderer/src/model/clipboard';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { connect } from '../../../shared/graph/edit';
import { groupNodes } from '../../../shared/graph/group';
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

describe('clipboard and user blocks', () => {
  const grouped = () => {
    const r = groupNodes(chain('conv2d', 'maxpool2d', 'flatten'), ['conv2d_1', 'maxpool2d_1']);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.doc;
  };

  it('a copied user block brings its definition into another network', () => {
    const content = copySelection(grouped(), ['group_1']);
    expect(Object.keys(content.blocks ?? {})).toEqual(['block_1']);
    const other = chain('conv2d');
    const { graph, nodeIds } = pasteInto(other, content, { x: 0, y: 0 });
    expect(graph.blocks?.block_1).toEqual(grouped().blocks?.block_1);
    const pasted = graph.nodes.find((n) => n.id === nodeIds[0]);
    expect(pasted?.params.blockId).toBe('block_1');
    const wired = connect(graph, 'conv2d_1', nodeIds[0] as string);
    if (!wired.ok) throw new Error(wired.error.message);
    expect(analyzeGraph(wired.value.doc).nodes.get(nodeIds[0] as string)?.outputShape).toEqual([12, 12, 32]);
  });

  it('shares an equal definition and renames a different one under the same id', () => {
    const doc = grouped();
    const content = copySelection(doc, ['group_1']);
    const same = pasteInto(doc, content, { x: 32, y: 32 }).graph;
    expect(same.blocks).toBe(doc.blocks);
    const rival = groupNodes(chain('dense'), ['dense_1']);
    if (!rival.ok) throw new Error(rival.error.message);
    const { graph, nodeIds } = pasteInto(rival.value.doc, content, { x: 0, y: 0 });
    expect(Object.keys(graph.blocks ?? {}).sort()).toEqual(['block_1', 'block_1_1']);
    expect(graph.blocks?.block_1?.body.nodes[0]?.kind).toBe('dense');
    expect(graph.nodes.find((n) => n.id === nodeIds[0])?.params.blockId).toBe('block_1_1');
    expect(graph.blocks?.block_1_1?.body.nodes.map((n) => n.kind)).toEqual(['conv2d', 'maxpool2d']);
  });
});
