import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { addNode, connect, setBody } from '../../../shared/graph/edit';
import { BLOCK_INPUT_ID, groupNodes, setParams } from '../../../renderer/src/model/core';
import { resolveScope, validScope, writeScoped } from '../../../renderer/src/model/scope';
import { chain } from '../helpers';

function withResidual(variant: 'basic' | 'bottleneck' = 'basic') {
  let doc = chain('conv2d');
  const added = addNode(doc, 'residual', { x: 0, y: 300 }, { variant, width: 64, stride: 2 });
  const wired = connect(added.doc, 'conv2d_1', added.nodeId);
  if (!wired.ok) throw new Error(wired.error.message);
  doc = wired.value.doc;
  return { doc, block: added.nodeId };
}

describe('block scopes', () => {
  it('shows a block as its generated body behind a synthetic input with the block input shape', () => {
    const { doc, block } = withResidual();
    const { levels, analyses } = resolveScope(doc, [block], (_d, g) => analyzeGraph(g));
    const level = levels[0];
    expect(level?.input).toEqual([26, 26, 32]);
    const inputNode = level?.doc.nodes[0];
    expect(inputNode?.id).toBe(BLOCK_INPUT_ID);
    expect(inputNode?.params).toEqual({ shape: [26, 26, 32] });
    // 32 → 64 channels with stride 2: the shortcut is projected.
    expect(level?.doc.nodes.some((n) => n.id === 'proj/conv')).toBe(true);
    expect(analyses[1]?.nodes.get('add')?.outputShape).toEqual([13, 13, 64]);
  });

  it('materialises the body on the first edit and keeps the synthetic input out of it', () => {
    const { doc, block } = withResidual();
    const { levels } = resolveScope(doc, [block], (_d, g) => analyzeGraph(g));
    const scoped = levels[0]?.doc;
    if (scoped === undefined) throw new Error('no level');
    const edited = setParams(scoped, 'conv1', { filters: 48 });
    const next = writeScoped(doc, levels, edited);
    const body = next.nodes.find((n) => n.id === block)?.body;
    expect(body?.nodes.some((n) => n.id === BLOCK_INPUT_ID)).toBe(false);
    expect(body?.nodes.find((n) => n.id === 'conv1')?.params.filters).toBe(48);
    expect(body?.edges.some((e) => e.source === BLOCK_INPUT_ID)).toBe(true);
    // The whole model now analyses the edited branches.
    const analysis = analyzeGraph(next);
    expect(analysis.nodes.get(block)?.params.total).not.toBe(
      analyzeGraph(doc).nodes.get(block)?.params.total,
    );
    // No change → the same document.
    expect(writeScoped(doc, levels, scoped)).toBe(doc);
  });

  it('keeps the generated body stable while nothing changes, so the canvas does not redraw', () => {
    const { doc, block } = withResidual();
    const a = resolveScope(doc, [block], (_d, g) => analyzeGraph(g)).levels[0]?.doc;
    const b = resolveScope(doc, [block], (_d, g) => analyzeGraph(g)).levels[0]?.doc;
    expect(a).toBe(b);
  });

  it('trims a scope whose block disappeared (after an undo)', () => {
    const { doc, block } = withResidual();
    expect(validScope(doc, [block, 'conv1'])).toEqual([block]);
    expect(validScope(setBody(doc, block, undefined), ['nope'])).toEqual([]);
  });
});

describe('user block scopes', () => {
  it('an edit inside a block nested in a block writes only the inner definition', () => {
    // input → conv2d_1 → maxpool2d_1 → conv2d_2; group {maxpool2d_1, conv2d_2} as block_1, then the group
    // and conv2d_1 as block_2 (so block_2's definition uses block_1).
    let doc = chain('conv2d', 'maxpool2d', 'conv2d');
    const inner = groupNodes(doc, ['maxpool2d_1', 'conv2d_2']);
    if (!inner.ok) throw new Error(inner.error.message);
    const outer = groupNodes(inner.value.doc, ['conv2d_1', 'group_1']);
    if (!outer.ok) throw new Error(outer.error.message);
    doc = outer.value.doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(['input_1', 'group_2']);
    const before = analyzeGraph(doc);
    const { levels } = resolveScope(doc, ['group_2', 'group_1'], (_d, g) => analyzeGraph(g));
    expect(levels.map((l) => l.input)).toEqual([
      [28, 28, 1],
      [26, 26, 32],
    ]);
    const scoped = levels[1]?.doc;
    if (scoped === undefined) throw new Error('no level');
    expect(scoped.nodes.map((n) => n.id)).toEqual([BLOCK_INPUT_ID, 'maxpool2d_1', 'conv2d_2']);
    const next = writeScoped(doc, levels, setParams(scoped, 'conv2d_2', { filters: 7 }));
    expect(next.nodes).toBe(doc.nodes);
    expect(next.blocks?.block_2).toBe(doc.blocks?.block_2);
    expect(next.blocks?.block_1?.body.nodes.find((n) => n.id === 'conv2d_2')?.params.filters).toBe(7);
    expect(analyzeGraph(next).nodes.get('group_2')?.outputShape).toEqual([11, 11, 7]);
    expect(before.nodes.get('group_2')?.outputShape).toEqual([11, 11, 32]);
    expect(validScope(next, ['group_2', 'group_1', 'x'])).toEqual(['group_2', 'group_1']);
  });
});
