import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { updateParams } from '../../../../shared/graph/edit';
import { CodePanel } from '../../../../renderer/src/panels/code/CodePanel';
import { CODE_DEBOUNCE_MS } from '../../../../renderer/src/panels/code/useGeneratedCode';
import { useCode } from '../../../../renderer/src/panels/code/store';
import { useEditor } from '../../../../renderer/src/store/editor';
import { chain, load } from '../../helpers';

// Monaco needs a real browser (the e2e spec covers it); here the view shows the text it is given.
vi.mock('../../../../renderer/src/panels/code/MonacoView', () => ({
  default: ({ text, language }: { text: string; language: string }) => (
    <pre data-testid="code-text" data-language={language}>
      {text}
    </pre>
  ),
}));

const text = async () => (await screen.findByTestId('code-text')).textContent ?? '';

function edit(filters: number): void {
  act(() => useEditor.setState((s) => ({ doc: updateParams(s.doc, 'conv2d_1', { filters }) })));
}

describe('Code tab', () => {
  beforeEach(() => {
    useCode.setState({ format: 'ts', training: true, importReport: null });
    load(chain('conv2d', 'flatten', 'dense'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows the TypeScript export of the open graph, then PyTorch and Keras JSON on request', async () => {
    const user = userEvent.setup();
    render(<CodePanel />);
    expect(await text()).toContain("name: 'conv2d_1', filters: 32, kernelSize: 3");
    expect(screen.getByTestId('code-text').dataset.language).toBe('typescript');
    expect(screen.getByTestId('code-status').textContent).toMatch(/^test\.ts · \d+ lines$/);
    await user.click(screen.getByRole('radio', { name: 'PyTorch' }));
    expect(await text()).toContain('self.conv2d_1 = nn.Conv2d(1, 32, kernel_size=3)');
    await user.click(screen.getByRole('radio', { name: 'Keras JSON' }));
    expect(await text()).toContain('"class_name": "Functional"');
    expect((screen.getByRole('checkbox', { name: 'Training code' }) as HTMLInputElement).disabled).toBe(true);
  });

  it('follows graph edits after a pause, not on every keystroke', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(<CodePanel />);
    expect(await text()).toContain('filters: 32');
    edit(16);
    edit(24);
    expect(await text()).toContain('filters: 32');
    await act(async () => {
      vi.advanceTimersByTime(CODE_DEBOUNCE_MS + 10);
    });
    expect(await text()).toContain('filters: 24');
  });

  it('leaves the training code out when unticked', async () => {
    const user = userEvent.setup();
    render(<CodePanel />);
    expect(await text()).toContain('export async function train(');
    await user.click(screen.getByRole('checkbox', { name: 'Training code' }));
    expect(await text()).not.toContain('train(');
  });

  it('explains a graph that cannot be exported, with the code, and disables copy/save', () => {
    load(chain('conv2d', 'dense'));
    render(<CodePanel />);
    expect(screen.getByRole('alert').textContent).toMatch(/GRAPH_HAS_ERRORS/);
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Save…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
