import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  groupSelection,
  insertBlock,
  removeLibraryBlock,
  ungroupSelection,
} from '../../../renderer/src/commands/group';
import { setParams } from '../../../renderer/src/model/core';
import { Inspector } from '../../../renderer/src/inspector/Inspector';
import { Palette } from '../../../renderer/src/palette/Palette';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { applyEdit } from '../../../renderer/src/store/applyEdit';
import { enterScope, redoEdit, select, undoEdit, useEditor } from '../../../renderer/src/store/editor';
import { IMMEDIATE } from '../../../renderer/src/store/history';
import { useToasts } from '../../../renderer/src/store/toasts';
import { chain, load } from '../helpers';

const doc = () => useEditor.getState().doc;
const totals = () => useAnalysis.getState().model.totals;
const lastToast = () => useToasts.getState().toasts.at(-1);
const ids = () => doc().nodes.map((n) => n.id);

/** input → conv2d_1 → maxpool2d_1 → conv2d_2 → flatten_1 → dense_1 */
const network = () => chain('conv2d', 'maxpool2d', 'conv2d', 'flatten', 'dense');

describe('Group (Ctrl+G) and Ungroup (Ctrl+Shift+G)', () => {
  beforeEach(() => {
    load(network());
    useToasts.setState({ toasts: [] });
  });
  afterEach(cleanup);

  it('collapses three connected layers into one block node in one undo step, totals unchanged', () => {
    const before = totals();
    const original = doc();
    select(['conv2d_1', 'maxpool2d_1', 'conv2d_2']);
    expect(groupSelection()).toBe(true);
    expect(ids()).toEqual(['input_1', 'group_1', 'flatten_1', 'dense_1']);
    expect(Object.keys(doc().blocks ?? {})).toEqual(['block_1']);
    expect(totals()).toEqual(before);
    expect(useEditor.getState().selectedNodes).toEqual(['group_1']);
    expect(useEditor.getState().history.past).toHaveLength(1);
    act(() => void undoEdit());
    expect(doc()).toBe(original);
    act(() => void redoEdit());
    expect(ids()).toContain('group_1');
  });

  it('refuses a selection with two entries, with the core code in a toast and no history step', () => {
    select(['conv2d_1', 'conv2d_2']);
    const original = doc();
    expect(groupSelection()).toBe(false);
    expect(doc()).toBe(original);
    expect(useEditor.getState().history.past).toHaveLength(0);
    expect(lastToast()).toMatchObject({ kind: 'error', code: 'GROUP_MULTIPLE_ENTRIES' });
  });

  it('ungroups a user block back into the very layers it was made of', () => {
    const original = doc();
    const before = totals();
    select(['conv2d_1', 'maxpool2d_1', 'conv2d_2']);
    groupSelection();
    expect(ungroupSelection()).toBe(true);
    expect(new Set(ids())).toEqual(new Set(original.nodes.map((n) => n.id)));
    for (const n of original.nodes) {
      expect(doc().nodes.find((m) => m.id === n.id)?.position).toEqual(n.position);
    }
    expect(totals()).toEqual(before);
    expect(useAnalysis.getState().model.ok).toBe(true);
    // The definition stays in the library (My blocks) for reuse.
    expect(Object.keys(doc().blocks ?? {})).toEqual(['block_1']);
    expect(useEditor.getState().history.past).toHaveLength(2);
  });

  it('edits inside an opened block change the one definition every use shares', () => {
    select(['conv2d_2']);
    groupSelection();
    // Place the definition again after the first use: conv2d_2 reads 13×13×32, so this one reads 11×11×32.
    select(['group_1']);
    const second = insertBlock('block_1');
    expect(second).toBe('group_2');
    expect(doc().edges.some((e) => e.source === 'group_1' && e.target === 'group_2')).toBe(true);
    act(() => enterScope(['group_2']));
    const view = useAnalysis.getState().viewDoc;
    expect(view.nodes.map((n) => n.id)).toEqual(['in', 'conv2d_2']);
    applyEdit('Set filters', (scoped) => setParams(scoped, 'conv2d_2', { filters: 8 }), IMMEDIATE);
    expect(doc().blocks?.block_1?.body.nodes[0]?.params.filters).toBe(8);
    const model = useAnalysis.getState().model;
    expect(model.nodes.get('group_1')?.outputShape).toEqual([11, 11, 8]);
    expect(model.nodes.get('group_2')?.outputShape).toEqual([9, 9, 8]);
    // The group nodes themselves did not change: they name the definition.
    expect(doc().nodes.find((n) => n.id === 'group_1')?.params).toEqual({ blockId: 'block_1' });
    // Placing a block inside its own definition is refused.
    expect(insertBlock('block_1')).toBeNull();
    expect(lastToast()).toMatchObject({ code: 'BLOCK_RECURSIVE' });
  });

  it('groups inside an opened Inception: the library entry reaches the document', () => {
    load(chain('inception', 'flatten'));
    act(() => enterScope(['inception_1']));
    select(['b2/reduce', 'b2/conv']);
    expect(groupSelection()).toBe(true);
    expect(Object.keys(doc().blocks ?? {})).toEqual(['block_1']);
    const body = doc().nodes.find((n) => n.id === 'inception_1')?.body;
    expect(body?.nodes.some((n) => n.kind === 'group')).toBe(true);
    expect(useAnalysis.getState().model.ok).toBe(true);
  });

  it('removes a library entry only when no node uses it', () => {
    select(['conv2d_1', 'maxpool2d_1']);
    groupSelection();
    expect(removeLibraryBlock('block_1')).toBe(false);
    expect(lastToast()).toMatchObject({ code: 'BLOCK_IN_USE' });
    select(['group_1']);
    ungroupSelection();
    expect(removeLibraryBlock('block_1')).toBe(true);
    expect(doc().blocks).toBeUndefined();
  });
});

describe('My blocks and the block inspector', () => {
  beforeEach(() => {
    load(network());
    select(['conv2d_1', 'maxpool2d_1', 'conv2d_2']);
    groupSelection();
  });
  afterEach(cleanup);

  it('the palette lists the project library; a click places the block below the selection', async () => {
    const user = userEvent.setup();
    render(<Palette />);
    expect(screen.queryByTestId('palette-item-group')).toBeNull();
    const entry = screen.getByTestId('palette-block-block_1');
    expect(entry.getAttribute('aria-label')).toBe('Add block block_1');
    act(() => select(['group_1']));
    await user.click(entry);
    expect(ids()).toContain('group_2');
    expect(useAnalysis.getState().model.nodes.get('group_2')?.notation).toBe('block_1 · 3 layers');
  });

  it('renames the definition from the inspector (one undo step) and says how many nodes share it', async () => {
    const user = userEvent.setup();
    insertBlock('block_1');
    act(() => select(['group_1']));
    render(<Inspector />);
    expect(screen.getByTestId('block-uses').textContent).toContain('used 2 times');
    const field = screen.getByLabelText('Block name');
    await user.clear(field);
    await user.type(field, 'stem');
    await user.tab();
    expect(doc().blocks?.block_1?.name).toBe('stem');
    expect(useAnalysis.getState().model.nodes.get('group_2')?.notation).toBe('stem · 3 layers');
    const steps = useEditor.getState().history.past.length;
    act(() => void undoEdit());
    expect(doc().blocks?.block_1?.name).toBe('block_1');
    expect(useEditor.getState().history.past.length).toBe(steps - 1);
  });
});
