import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompareViewHost } from '../../../renderer/src/compare/CompareView';
import { useRuns } from '../../../renderer/src/runs/store';
import { fakeBackend } from '../training/fake-backend';
import { metrics, runDetail, summaryOf } from '../runs/fixtures';

const drawn = vi.hoisted(() => [] as unknown[][]);
vi.mock('uplot', () => ({
  default: class {
    root = document.createElement('div');
    data: unknown[];
    constructor(_o: unknown, data: unknown[], el: HTMLElement) {
      this.data = data;
      drawn.push(data);
      el.appendChild(this.root);
    }
    setData() {}
    setSize() {}
    destroy() {}
  },
}));

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

describe('comparison', () => {
  const adam = runDetail('a', { optimizer: 'adam' });
  const rmsprop = runDetail('b', {
    optimizer: 'rmsprop',
    name: 'MNIST CNN (Keras) · RMSProp',
    result: { ...runDetail('b').result, testAccuracy: 0.95, bestValAccuracy: 0.93 },
    timings: { ...runDetail('b').timings, seconds: 30, imagesPerSecond: 500 },
  });
  beforeEach(() => {
    drawn.length = 0;
    useRuns.setState({ runs: [], compareRuns: ['a', 'b'], comparePresets: ['lenet5'], compareOpen: true });
    fakeBackend({
      'runs.list': () => [summaryOf(adam), summaryOf(rmsprop)],
      'runs.get': (input) => ((input as { runId: string }).runId === 'a' ? adam : rmsprop),
      'runs.metrics': (input) =>
        (input as { runId: string }).runId === 'a'
          ? metrics([2, 1.6, 1.2, 1])
          : metrics([2, 1.2, 0.8, 0.5, 0.4, 0.3]),
    });
  });
  afterEach(cleanup);

  it('lines up runs and presets: overlaid curves, the numbers, accuracy against size, aligned stages', async () => {
    render(<CompareViewHost />);
    await settle();
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Compare runs and networks' });
    const table = within(dialog).getByRole('table', { name: 'Comparison' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-entry'))).toEqual(['run:a', 'run:b', 'preset:lenet5']);
    expect(rows[0]?.textContent).toMatch(/Adam \(0\.001\)93,3225\.68 M5203\.9 KiB1:0125088\.00%90\.00%/);
    expect(rows[1]?.textContent).toMatch(/RMSProp.*0:3050093\.00%95\.00%/);
    expect(rows[2]?.textContent).toMatch(/LeNet-5 \(preset, untrained\)—61,706/);
    // The best accuracy is marked.
    expect(within(rows[1] as HTMLElement).getByText('95.00%').className).toMatch(/is-best/);
    // Loss curves overlaid on one x axis: the union of both runs' batch positions, one column per run.
    const loss = drawn[0] as number[][];
    expect(loss).toHaveLength(3);
    expect(loss[0]).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    expect(loss[1]?.slice(4)).toEqual([null, null]);
    const scatter = within(dialog).getByRole('img', { name: /^Accuracy vs parameters/ });
    expect(scatter.getAttribute('aria-label')).toMatch(
      /RMSProp: 93\.3 k parameters, 95\.00%.*LeNet-5 \(preset\): 61\.7 k parameters, —/,
    );
    const structure = within(dialog).getByRole('table', { name: /stages aligned/ });
    expect(
      within(structure)
        .getAllByRole('row')
        .map((r) => r.querySelector('th')?.textContent),
    ).toContain('After 3 downsamplings');
  });

  it('lets the user pick what to compare', async () => {
    const user = userEvent.setup();
    render(<CompareViewHost />);
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Compare runs and networks' });
    await user.click(within(dialog).getByRole('checkbox', { name: /^VGG-16/ }));
    expect(useRuns.getState().comparePresets).toEqual(['lenet5', 'vgg16']);
    await user.click(within(dialog).getByRole('checkbox', { name: /^MNIST CNN \(Keras\) · RMSProp/ }));
    expect(useRuns.getState().compareRuns).toEqual(['a']);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(useRuns.getState().compareOpen).toBe(false);
  });
});
