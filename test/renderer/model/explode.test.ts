import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { addNode, connect } from '../../../shared/graph/edit';
import { explodeBlock } from '../../../renderer/src/model/explode';
import { bodyOf } from '../../../renderer/src/model/scope';
import { chain } from '../helpers';

describe('ungroup (explode a block)', () => {
  it('inlines a residual block with the same shapes and parameter count', () => {
    let doc = chain('conv2d');
    const added = addNode(doc, 'residual', { x: 0, y: 300 }, { variant: 'basic', width: 64, stride: 2 });
    doc = added.doc;
    const a = connect(doc, 'conv2d_1', added.nodeId);
    if (!a.ok) throw new Error(a.error.message);
    const flat = addNode(a.value.doc, 'flatten', { x: 0, y: 500 });
    const b = connect(flat.doc, added.nodeId, flat.nodeId);
    if (!b.ok) throw new Error(b.error.message);
    doc = b.value.doc;

    const before = analyzeGraph(doc);
    const node = doc.nodes.find((n) => n.id === added.nodeId);
    if (node === undefined) throw new Error('no block');
    const result = explodeBlock(
      doc,
      node.id,
      bodyOf(node, before.nodes.get(node.id)?.inputShapes[0] ?? null),
    );
    if (result === null) throw new Error('not exploded');
    const after = analyzeGraph(result.doc);
    expect(result.doc.nodes.some((n) => n.id === node.id)).toBe(false);
    expect(result.nodeIds).toContain(`${node.id}/add`);
    expect(after.totals.params).toBe(before.totals.params);
    expect(after.nodes.get(flat.nodeId)?.outputShape).toEqual(before.nodes.get(flat.nodeId)?.outputShape);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
