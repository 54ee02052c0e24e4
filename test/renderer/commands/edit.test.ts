import { beforeEach, describe, expect, it } from 'vitest';
import {
  addLayer,
  copy,
  deleteSelection,
  duplicate,
  insertOnWire,
  moveOntoWire,
  paste,
} from '../../../renderer/src/commands/edit';
import { intersects, NODE_SIZE } from '../../../renderer/src/layout/geometry';
import { presetDoc } from '../../../renderer/src/model/core';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { select, undoEdit, useEditor } from '../../../renderer/src/store/editor';
import { load } from '../helpers';

/** Editing inside a chain on the seed 002 network (93,322 parameters): each edit one undo step. */
const doc = () => useEditor.getState().doc;
const total = () => useAnalysis.getState().model.totals.params;
const into = (id: string) =>
  doc()
    .edges.filter((e) => e.target === id)
    .map((e) => e.source);
const out = (id: string) =>
  doc()
    .edges.filter((e) => e.source === id)
    .map((e) => e.target);
const overlaps = () => {
  const boxes = doc().nodes.map((n) => ({ ...n.position, ...NODE_SIZE }));
  return boxes.some((a, i) => boxes.some((b, j) => i < j && intersects(a, b)));
};

describe('editing inside chains', () => {
  beforeEach(() => {
    const keras = presetDoc('mnist-keras');
    if (keras === undefined) throw new Error('no preset');
    load(keras);
  });

  it('splices a clicked palette layer after the selection, making room; one undo step', () => {
    const before = doc();
    expect(total()).toBe(93_322);
    const [next] = out('conv2d_3');
    select(['conv2d_3']);
    const id = addLayer('dropout');
    if (id === null) throw new Error('not added');
    expect(into(id)).toEqual(['conv2d_3']);
    expect(out(id)).toEqual([next]);
    expect(total()).toBe(93_322);
    expect(overlaps()).toBe(false);
    expect(useEditor.getState().selectedNodes).toEqual([id]);
    expect(undoEdit()).toBe(true);
    expect(doc()).toBe(before);
  });

  it('splices a layer dropped on a wire; one undo step', () => {
    const before = doc();
    const wire = doc().edges.find((e) => e.source === 'flatten');
    if (wire === undefined) throw new Error('no wire');
    expect(insertOnWire('dropout', wire.id)).toBe(true);
    const id = useEditor.getState().selectedNodes[0] as string;
    expect(into(id)).toEqual(['flatten']);
    expect(out(id)).toEqual([wire.target]);
    expect(total()).toBe(93_322);
    expect(overlaps()).toBe(false);
    expect(insertOnWire('input', doc().edges[0]?.id ?? '')).toBe(false);
    undoEdit();
    expect(doc()).toBe(before);
  });

  it('deletes a middle layer wiring its neighbours; Shift+Delete leaves the gap; one undo step each', () => {
    select(['conv2d_3']);
    addLayer('dropout');
    const id = useEditor.getState().selectedNodes[0] as string;
    const spliced = doc();
    select([id]);
    expect(deleteSelection()).toBe(true);
    expect(out('conv2d_3')).toHaveLength(1);
    expect(total()).toBe(93_322);
    expect(useAnalysis.getState().model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    undoEdit();
    expect(doc()).toBe(spliced);
    select([id]);
    expect(deleteSelection({ reconnect: false })).toBe(true);
    expect(out('conv2d_3')).toEqual([]);
    undoEdit();
    expect(doc()).toBe(spliced);
  });

  it('puts a new layer into free space, never on top of another', () => {
    const first = doc().nodes[0];
    if (first === undefined) throw new Error('empty');
    select([]);
    addLayer('dense', first.position);
    expect(overlaps()).toBe(false);
  });

  it('pastes and duplicates into free space, not over the originals', () => {
    select(['conv2d_3', 'max_pooling2d_3']);
    expect(copy()).toBe(true);
    expect(paste()).toBe(true);
    expect(paste()).toBe(true);
    select(['flatten']);
    expect(duplicate()).toBe(true);
    expect(doc().nodes).toHaveLength(15);
    expect(overlaps()).toBe(false);
  });

  it('lets a lone node dragged onto a wire join it', () => {
    select([]);
    const id = addLayer('dropout', { x: 2000, y: 0 }) as string;
    const wire = doc().edges.find((e) => e.source === 'flatten');
    if (wire === undefined) throw new Error('no wire');
    expect(moveOntoWire(id, { x: 1000, y: 1000 }, wire.id)).toBe(true);
    expect(into(id)).toEqual(['flatten']);
    expect(doc().nodes.find((n) => n.id === id)?.position).toEqual({ x: 1000, y: 1000 });
    expect(moveOntoWire('conv2d_3', { x: 0, y: 0 }, doc().edges[0]?.id ?? '')).toBe(false);
  });
});
