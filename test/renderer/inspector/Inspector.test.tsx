import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inspector } from '../../../renderer/src/inspector/Inspector';
import { select, undoEdit, useEditor } from '../../../renderer/src/store/editor';
import { nodeData } from '../../../renderer/src/canvas/derive';
import type { GraphNode } from '../../../shared/graph/schema';
import { chain, load } from '../helpers';

const conv = () => useEditor.getState().doc.nodes.find((n) => n.id === 'conv2d_1');

describe('Inspector', () => {
  beforeEach(() => {
    load(chain('conv2d', 'maxpool2d'));
    select(['conv2d_1']);
  });
  afterEach(cleanup);

  it('shows the selected layer with one labelled field per parameter and its analysis', () => {
    render(<Inspector />);
    expect(screen.getByText('Conv2D')).toBeTruthy();
    expect((screen.getByLabelText('Filters') as HTMLInputElement).value).toBe('32');
    expect((screen.getByLabelText('Kernel') as HTMLInputElement).value).toBe('3');
    expect(screen.getByTestId('inspector-output-shape').textContent).toBe('26×26×32');
  });

  it('validates as you type against the kind schema, inline, without touching the document', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const filters = screen.getByLabelText('Filters');
    await user.clear(filters);
    await user.type(filters, '0');
    expect(filters.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).not.toBe('');
    expect(filters.getAttribute('aria-describedby')).toContain(alert.id);
    expect(conv()?.params.filters).toBe(32);
    await user.clear(filters);
    await user.type(filters, 'x');
    expect(screen.getByRole('alert').textContent).toMatch(/whole number/);
    expect(conv()?.params.filters).toBe(32);
  });

  it('applies valid keystrokes live and records the whole edit as one undo step', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const kernel = screen.getByLabelText('Kernel');
    await user.clear(kernel);
    await user.type(kernel, '5');
    expect(conv()?.params.kernel).toBe(5);
    expect(screen.getByTestId('inspector-output-shape').textContent).toBe('24×24×32');
    await user.type(kernel, '{Backspace}7');
    expect(conv()?.params.kernel).toBe(7);
    await user.tab();
    expect(useEditor.getState().history.past).toHaveLength(1);
    act(() => void undoEdit());
    expect(conv()?.params.kernel).toBe(3);
  });

  it('Trainable: unticking freezes the layer (trainable: false in the document), one undo step', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const box = screen.getByLabelText('Trainable') as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(conv()?.trainable).toBeUndefined();
    await user.click(box);
    expect(conv()?.trainable).toBe(false);
    // The canvas marks it ("frozen" on the node).
    expect(nodeData(conv() as GraphNode).frozen).toBe(true);
    expect((screen.getByLabelText('Trainable') as HTMLInputElement).checked).toBe(false);
    await user.click(screen.getByLabelText('Trainable'));
    expect(conv()).not.toHaveProperty('trainable');
    act(() => void undoEdit());
    expect(conv()?.trainable).toBe(false);
  });

  it('restores the last valid value on Escape', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const kernel = screen.getByLabelText('Kernel') as HTMLInputElement;
    await user.clear(kernel);
    await user.type(kernel, 'abc');
    expect(kernel.getAttribute('aria-invalid')).toBe('true');
    await user.keyboard('{Escape}');
    expect(kernel.value).toBe('3');
    expect(kernel.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows the network properties when nothing is selected', () => {
    select([]);
    render(<Inspector />);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Test');
  });
});
