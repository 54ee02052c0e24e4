import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cellIndices } from '../../../renderer/src/runs/ConfusionMatrix';
import { RunsList } from '../../../renderer/src/runs/RunsList';
import { RunViewHost } from '../../../renderer/src/runs/RunView';
import { useRuns } from '../../../renderer/src/runs/store';
import { loadDoc } from '../../../renderer/src/store/editor';
import { useRunQueue } from '../../../renderer/src/training/actions';
import { IDLE, useLive } from '../../../renderer/src/training/live';
import { fakeBackend } from '../training/fake-backend';
import { EVALUATION, FILTERS, metrics, runDetail, summaryOf } from './fixtures';

vi.mock('uplot', () => ({
  default: class {
    root = document.createElement('div');
    data: unknown[];
    constructor(_o: unknown, data: unknown[], el: HTMLElement) {
      this.data = data;
      el.appendChild(this.root);
    }
    setData() {}
    setSize() {}
    destroy() {}
  },
}));

const INITIAL_FILTERS = { ...FILTERS, min: -0.2, max: 0.2, bias: [0, 0] };

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
const testImage = (index: number) => ({
  index,
  label: EVALUATION.labels[index] ?? 0,
  className: String(EVALUATION.labels[index] ?? 0),
  shape: [2, 2, 1] as const,
  pixels: [0, 255, 255, 0],
});

describe('runs list and run view', () => {
  const detail = runDetail('r1');
  let backend: ReturnType<typeof fakeBackend>;
  beforeEach(() => {
    // jsdom has no 2D canvas: the images are checked through their labels, not their pixels (see pixels.test).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    useLive.setState(IDLE);
    useRunQueue.setState({ queue: [] });
    useRuns.setState({ runs: [], compareRuns: [], comparePresets: [], openRunId: null });
    // The fixture runs recorded no project: they are this project's when the open document has their name.
    loadDoc(detail.graph, null, { saved: true });
    backend = fakeBackend({
      'runs.list': () => [summaryOf(detail)],
      'runs.get': () => detail,
      'runs.metrics': () => metrics([2, 1.5, 1, 0.8]),
      'runs.evaluation': () => EVALUATION,
      'runs.filters': (input) =>
        (input as { which?: string }).which === 'initial' ? INITIAL_FILTERS : FILTERS,
      'runs.testImages': (input) => ({
        testSize: 6,
        images: (input as { indices: number[] }).indices.map(testImage),
      }),
      'training.start': () => ({ runId: 'r2' }),
    });
  });
  afterEach(cleanup);

  it('finds the test images of a confusion-matrix cell', () => {
    expect(cellIndices(EVALUATION, 0, 1)).toEqual([1]);
    expect(cellIndices(EVALUATION, 1, 1)).toEqual([2, 3]);
    expect(cellIndices(EVALUATION, 2, 0)).toEqual([5]);
  });

  it('lists runs with their result and opens one: facts, confusion matrix → images, filters', async () => {
    const user = userEvent.setup();
    render(
      <>
        <RunsList />
        <RunViewHost />
      </>,
    );
    await settle();
    const table = screen.getByRole('table', { name: 'Runs' });
    const row = within(table).getAllByRole('row')[1];
    if (row === undefined) throw new Error('no row');
    expect(row.textContent).toMatch(/Completed.*90\.00%.*88\.00%.*Adam.*93,322.*1:01.*wasm/);
    await user.click(within(row).getByRole('button', { name: `Open ${detail.name}` }));
    await settle();
    const dialog = screen.getByRole('region', { name: `Run: ${detail.name}` });
    expect(within(dialog).getByText('Test accuracy').nextSibling?.textContent).toBe('90.00%');
    await user.click(within(dialog).getByRole('tab', { name: 'Confusion matrix' }));
    await settle();
    // Counts read as English: "1 image", "2 images".
    expect(within(dialog).getByRole('button', { name: 'True 0, predicted 1: 1 image' })).toBeTruthy();
    const cell = within(dialog).getByRole('button', { name: 'True 1, predicted 1: 2 images' });
    await user.click(cell);
    await settle();
    expect(backend.called('runs.testImages').at(-1)?.input).toEqual({ runId: 'r1', indices: [2, 3] });
    expect(within(dialog).getAllByRole('img', { name: /^Test image [23]: 1, predicted 1/ })).toHaveLength(2);
    await user.click(within(dialog).getByRole('tab', { name: 'Filters' }));
    await settle();
    const grid = within(dialog).getByTestId('filters-grid');
    expect(within(grid).getAllByRole('img')).toHaveLength(2);
    expect(within(grid).getByRole('img', { name: 'Filter 1, bias 0.100' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: /^Run: / })).toBeNull();
  });

  it('filters before and after training: the toggle asks for each, and a training run has only "before"', async () => {
    const user = userEvent.setup();
    const pressed = (dialog: HTMLElement, name: string) =>
      within(dialog).getByRole('button', { name }).getAttribute('aria-pressed');
    render(<RunViewHost />);
    useRuns.setState({ openRunId: 'r1' });
    await settle();
    let dialog = screen.getByRole('region', { name: `Run: ${detail.name}` });
    await user.click(within(dialog).getByRole('tab', { name: 'Filters' }));
    await settle();
    expect(pressed(dialog, 'After training')).toBe('true');
    expect(backend.called('runs.filters').at(-1)?.input).toEqual({ runId: 'r1', which: 'final' });
    expect(within(dialog).getByText(/after training\.$/)).toBeTruthy();
    expect(within(dialog).getByRole('img', { name: 'Filter 1, bias 0.100' })).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Before training' }));
    await settle();
    expect(pressed(dialog, 'Before training')).toBe('true');
    expect(backend.called('runs.filters').at(-1)?.input).toEqual({ runId: 'r1', which: 'initial' });
    expect(within(dialog).getByText(/-0\.200 to 0\.200, as initialised, before training\./)).toBeTruthy();
    expect(within(dialog).getByRole('img', { name: 'Filter 1, bias 0.000' })).toBeTruthy();
    cleanup();

    // A run still training: its initial filters exist, its trained ones not yet.
    const running = {
      ...runDetail('r3'),
      status: 'running' as const,
      hasModel: false,
      hasEvaluation: false,
    };
    const live = fakeBackend({ 'runs.get': () => running, 'runs.filters': () => INITIAL_FILTERS });
    render(<RunViewHost />);
    useRuns.setState({ openRunId: 'r3' });
    await settle();
    dialog = screen.getByRole('region', { name: `Run: ${detail.name}` });
    await user.click(within(dialog).getByRole('tab', { name: 'Filters' }));
    await settle();
    expect(pressed(dialog, 'Before training')).toBe('true');
    expect(within(dialog).getByTestId('filters-grid')).toBeTruthy();
    expect(live.called('runs.filters').map((c) => c.input)).toEqual([{ runId: 'r3', which: 'initial' }]);
    await user.click(within(dialog).getByRole('button', { name: 'After training' }));
    await settle();
    expect(within(dialog).getByText('The learned filters appear when the run ends.')).toBeTruthy();
    expect(live.called('runs.filters')).toHaveLength(1);
  });

  it('duplicates a run with other optimizers: same graph and data, that optimizer’s default rate, queued', async () => {
    const user = userEvent.setup();
    render(<RunsList />);
    await settle();
    await user.click(screen.getByRole('button', { name: `Duplicate ${detail.name} with another optimizer` }));
    const dialog = screen.getByRole('dialog', { name: 'Duplicate run with another optimizer' });
    // RMSProp is picked by default; add SGD.
    await user.click(within(dialog).getByRole('checkbox', { name: /^SGD lr/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Train 2 runs' }));
    await settle();
    const starts = backend.called('training.start');
    expect(starts).toHaveLength(1);
    const first = starts[0]?.input as { graph: unknown; config: Record<string, unknown>; name: string };
    expect(first.graph).toEqual(detail.graph);
    expect(first.config).toEqual({ ...detail.config, optimizer: 'rmsprop', learningRate: undefined });
    expect('learningRate' in first.config).toBe(false);
    expect('project' in first).toBe(false);
    expect(first.name).toBe(`${detail.graph.name} · RMSProp`);
    expect(useRunQueue.getState().queue.map((q) => q.config.optimizer)).toEqual(['sgd']);
    expect(useRuns.getState().compareRuns).toEqual(['r1', 'r2']);
  });
});
