import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompareWorkspace } from '../../../renderer/src/compare/CompareView';
import { comparisonCanvas } from '../../../renderer/src/compare/png';
import { useCompareEntries } from '../../../renderer/src/compare/entries';
import { PALETTES } from '../../../renderer/src/training/chart/palette';
import { usePrefs } from '../../../renderer/src/store/prefs';
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
    useRuns.setState({ runs: [], compareRuns: ['a', 'b'], comparePresets: ['lenet5'] });
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
    render(<CompareWorkspace />);
    await settle();
    await settle();
    const dialog = screen.getByRole('region', { name: 'Compare runs and networks' });
    const table = within(dialog).getByRole('table', { name: 'Comparison' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-entry'))).toEqual(['run:a', 'run:b', 'preset:lenet5']);
    expect(rows[0]?.textContent).toMatch(/Adam \(0\.001\)93,3225\.68 M5203\.9 KiB1:0125088\.00%90\.00%/);
    expect(rows[1]?.textContent).toMatch(/RMSProp.*0:3050093\.00%95\.00%/);
    expect(rows[2]?.textContent).toMatch(/LeNet-5 \(preset\)—61,706/);
    // A preset's paper result, with its source on hover.
    expect(within(rows[2] as HTMLElement).getByTestId('published').textContent).toBe(
      '99.05% accuracy on MNIST',
    );
    // The best accuracy is marked.
    expect(within(rows[1] as HTMLElement).getByText('95.00%').className).toMatch(/is-best/);
    // Loss curves overlaid on one x axis: the union of both runs' batch positions, one column per run.
    const loss = drawn[0] as number[][];
    expect(loss).toHaveLength(3);
    expect(loss[0]).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    expect(loss[1]?.slice(4)).toEqual([null, null]);
    const scatter = within(dialog).getByRole('img', { name: /^Accuracy vs parameters/ });
    expect(scatter.getAttribute('aria-label')).toMatch(
      /RMSProp: 93\.3 k parameters, 95\.00% measured.*LeNet-5 \(preset\): 61\.7 k parameters, 99\.05% \(paper, MNIST\)/,
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
    render(<CompareWorkspace />);
    await settle();
    const dialog = screen.getByRole('region', { name: 'Compare runs and networks' });
    await user.click(within(dialog).getByRole('checkbox', { name: /^VGG-16/ }));
    expect(useRuns.getState().comparePresets).toEqual(['lenet5', 'vgg16']);
    await user.click(within(dialog).getByRole('checkbox', { name: /^MNIST CNN \(Keras\) · RMSProp/ }));
    expect(useRuns.getState().compareRuns).toEqual(['a']);
  });

  it('shows any number of presets at their published accuracy, stages aligned, and draws it as one picture', async () => {
    const user = userEvent.setup();
    useRuns.setState({ compareRuns: [], comparePresets: [] });
    render(<CompareWorkspace />);
    await settle();
    const view = screen.getByRole('region', { name: 'Compare runs and networks' });
    await user.click(within(view).getByRole('button', { name: 'ImageNet classics' }));
    expect(useRuns.getState().comparePresets).toEqual(['alexnet', 'vgg16', 'googlenet', 'resnet50']);
    const table = within(view).getByRole('table', { name: 'Comparison' });
    const published = within(table)
      .getAllByTestId('published')
      .map((c) => c.textContent);
    // Every figure the paper gives, ensembles named; the plot takes one model's top-1 where there is one.
    expect(published).toEqual([
      '15.3% top-5 error on ImageNet (7 models)17% top-5 error on ImageNet37.5% top-1 error on ImageNet',
      '7.4% top-5 error on ImageNet7.3% top-5 error on ImageNet (7 models)',
      '6.67% top-5 error on ImageNet (7 models)10.07% top-5 error on ImageNet',
      '5.25% top-5 error on ImageNet20.74% top-1 error on ImageNet3.57% top-5 error on ImageNet (6 models)',
    ]);
    const scatter = within(view).getByRole('img', { name: /^Accuracy vs parameters/ });
    const label = scatter.getAttribute('aria-label') ?? '';
    expect(label).toMatch(/AlexNet \(preset\): 62\.38 M parameters, 62\.50% top-1 \(paper, ImageNet\)/);
    expect(label).toMatch(/GoogLeNet \(preset\): 7\.00 M parameters, 89\.93% top-5 \(paper, ImageNet\)/);
    // Four columns of stages, one per network.
    const structure = within(view).getByRole('table', { name: /stages aligned/ });
    expect(within(structure).getAllByRole('columnheader')).toHaveLength(5);
    expect(within(view).getByTestId('compare-export')).toBeTruthy();
  });

  it('puts the efficient networks beside VGG-16 on the accuracy-vs-MACs plot', async () => {
    const user = userEvent.setup();
    useRuns.setState({ compareRuns: [], comparePresets: [] });
    render(<CompareWorkspace />);
    await settle();
    const view = screen.getByRole('region', { name: 'Compare runs and networks' });
    await user.click(within(view).getByRole('button', { name: 'Efficient networks' }));
    expect(useRuns.getState().comparePresets).toEqual([
      'vgg16',
      'resnet50',
      'squeezenet1_1',
      'mobilenet-v1',
      'mobilenet-v2',
    ]);
    const scatter = within(view).getByTestId('scatter-macs');
    const label = scatter.getAttribute('aria-label') ?? '';
    // MACs from the analysis of each preset, accuracies from each paper.
    expect(label).toMatch(/VGG-16 \(preset\): 15\.47 G MACs per image/);
    expect(label).toMatch(/MobileNet v1 \(preset\): 568\.74 M MACs per image, 70\.60% \(paper, ImageNet\)/);
    expect(label).toMatch(/MobileNet v2 \(preset\): 300\.77 M MACs per image, 72\.00% \(paper, ImageNet\)/);
    expect(label).toMatch(/SqueezeNet 1\.1 \(preset\): 349\.\d+ M MACs per image/);
    // On the log axis MobileNet sits well left of VGG-16: more than a decade fewer multiply-adds.
    const x = (key: string) =>
      Number(
        /^M ([\d.]+)/.exec(scatter.querySelector(`[data-entry="${key}"] path`)?.getAttribute('d') ?? '')?.[1],
      );
    expect(x('preset:vgg16') - x('preset:mobilenet-v1')).toBeGreaterThan(0);
    const perDecade =
      (x('preset:vgg16') - x('preset:mobilenet-v2')) / Math.log10(15_470_264_320 / 300_774_272);
    expect(x('preset:vgg16') - x('preset:mobilenet-v1')).toBeCloseTo(
      perDecade * Math.log10(15_470_264_320 / 568_740_352),
      3,
    );
  });

  it('draws the comparison picture from the same entries (one canvas, taller with more stages)', () => {
    const seen: string[] = [];
    const fake = new Proxy(
      {},
      {
        get: (_t, key) =>
          key === 'fillText'
            ? (text: string) => seen.push(text)
            : typeof key === 'string'
              ? () => undefined
              : undefined,
        set: () => true,
      },
    );
    // jsdom has no 2D canvas: a stand-in that records the text the picture writes.
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext') as unknown as {
      mockReturnValue(v: unknown): void;
    };
    getContext.mockReturnValue(fake);
    let entries: ReturnType<typeof useCompareEntries>['entries'] = [];
    function Probe() {
      entries = useCompareEntries([], ['lenet5', 'resnet50']).entries;
      return null;
    }
    render(<Probe />);
    const canvas = comparisonCanvas(entries, PALETTES.light);
    expect(canvas.width).toBeGreaterThan(600);
    expect(seen).toContain('Comparing LeNet-5, ResNet-50');
    expect(seen.some((t) => t.startsWith('ResNet-50 · 79.26% top-1 (paper, ImageNet)'))).toBe(true);
    expect(seen).toContain('Head (vectors)');
  });

  it('is a top-level view: Compare is where the runs list sends the user', async () => {
    const { openCompare } = await import('../../../renderer/src/runs/store');
    usePrefs.getState().setView('designer');
    openCompare();
    expect(usePrefs.getState().view).toBe('compare');
  });
});
