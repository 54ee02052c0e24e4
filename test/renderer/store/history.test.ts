import { beforeEach, describe, expect, it } from 'vitest';
import { setParams, moveNodes } from '../../../renderer/src/model/core';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { applyEdit } from '../../../renderer/src/store/applyEdit';
import {
  isDirty,
  redoEdit,
  sealHistory,
  select,
  undoEdit,
  useEditor,
} from '../../../renderer/src/store/editor';
import { coalesce, IMMEDIATE, NEVER } from '../../../renderer/src/store/history';
import { chain, load } from '../helpers';

const kernel = () => useEditor.getState().doc.nodes.find((n) => n.id === 'conv2d_1')?.params.kernel;
const setKernel = (k: number, live = true) =>
  applyEdit(
    'Set kernel',
    (d) => setParams(d, 'conv2d_1', { kernel: k }),
    live ? coalesce('param:conv2d_1:kernel') : IMMEDIATE,
  );

describe('editor history', () => {
  beforeEach(() => load(chain('conv2d', 'maxpool2d')));

  it('groups the keystrokes of one field into one undo step until the field is left', () => {
    setKernel(5);
    setKernel(7);
    setKernel(9);
    expect(useEditor.getState().history.past).toHaveLength(1);
    sealHistory();
    setKernel(11);
    expect(useEditor.getState().history.past).toHaveLength(2);
    undoEdit();
    expect(kernel()).toBe(9);
    undoEdit();
    expect(kernel()).toBe(3);
    expect(undoEdit()).toBe(false);
    redoEdit();
    expect(kernel()).toBe(9);
  });

  it('records each immediate edit as its own step and clears redo on a new edit', () => {
    setKernel(5, false);
    setKernel(7, false);
    expect(useEditor.getState().history.past).toHaveLength(2);
    undoEdit();
    expect(useEditor.getState().history.future).toHaveLength(1);
    setKernel(9, false);
    expect(useEditor.getState().history.future).toHaveLength(0);
  });

  it('never records selection, and a NEVER edit leaves no step', () => {
    select(['conv2d_1']);
    select([]);
    applyEdit('Load', (d) => ({ ...d, description: 'x' }), NEVER);
    expect(useEditor.getState().history.past).toHaveLength(0);
  });

  it('records a drag as one step when it ends and nothing for a click without movement', () => {
    const positions = new Map([
      ['conv2d_1', { x: 300, y: 40 }],
      ['maxpool2d_1', { x: 300, y: 200 }],
    ]);
    applyEdit('Move', (d) => moveNodes(d, positions), IMMEDIATE);
    expect(useEditor.getState().history.past).toHaveLength(1);
    expect(applyEdit('Move', (d) => moveNodes(d, positions), IMMEDIATE)).toBe(false);
    expect(useEditor.getState().history.past).toHaveLength(1);
    undoEdit();
    expect(useEditor.getState().doc.nodes.find((n) => n.id === 'conv2d_1')?.position).toEqual({
      x: 0,
      y: 120,
    });
  });

  it('is clean again when undo returns to the saved document', () => {
    expect(isDirty(useEditor.getState())).toBe(false);
    setKernel(5, false);
    expect(isDirty(useEditor.getState())).toBe(true);
    undoEdit();
    expect(isDirty(useEditor.getState())).toBe(false);
  });

  it('keeps the analysis in step with every edit, synchronously', () => {
    expect(useAnalysis.getState().model.nodes.get('conv2d_1')?.outputShape).toEqual([26, 26, 32]);
    setKernel(5, false);
    expect(useAnalysis.getState().model.nodes.get('conv2d_1')?.outputShape).toEqual([24, 24, 32]);
    undoEdit();
    expect(useAnalysis.getState().model.nodes.get('conv2d_1')?.outputShape).toEqual([26, 26, 32]);
  });

  it('drops deleted nodes from the selection', () => {
    select(['conv2d_1', 'maxpool2d_1']);
    applyEdit(
      'Delete',
      (d) => ({ ...d, nodes: d.nodes.filter((n) => n.id !== 'maxpool2d_1'), edges: [] }),
      IMMEDIATE,
    );
    expect(useEditor.getState().selectedNodes).toEqual(['conv2d_1']);
  });
});
