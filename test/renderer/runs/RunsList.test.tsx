import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunProject } from '../../../shared/api/runs';
import { isProjectRun, splitByProject } from '../../../renderer/src/runs/project';
import { RunsList } from '../../../renderer/src/runs/RunsList';
import { useRuns } from '../../../renderer/src/runs/store';
import { duplicateWithOptimizers } from '../../../renderer/src/runs/duplicate';
import { loadDoc } from '../../../renderer/src/store/editor';
import { useRunQueue } from '../../../renderer/src/training/actions';
import { IDLE, useLive } from '../../../renderer/src/training/live';
import { fakeBackend } from '../training/fake-backend';
import { runDetail, summaryOf } from './fixtures';

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

const SAVED: RunProject = { path: '/home/me/lenet.stride', name: 'LeNet' };
const base = runDetail('x');
const run = (runId: string, project: RunProject | null, graphName = 'LeNet') => {
  const detail = runDetail(runId, { project, graph: { ...base.graph, name: graphName }, name: runId });
  return summaryOf(detail);
};

describe('which runs are this project’s', () => {
  it('a saved project is its file; an unsaved run joins the project of its name; old runs match by network', () => {
    const here = { path: SAVED.path, name: 'LeNet' };
    expect(isProjectRun(run('a', SAVED), here)).toBe(true);
    // Same name, another file: another project.
    expect(isProjectRun(run('b', { path: '/tmp/lenet.stride', name: 'LeNet' }), here)).toBe(false);
    // Trained before the document was saved, then saved: still this project's.
    expect(isProjectRun(run('c', { path: null, name: 'LeNet' }), here)).toBe(true);
    expect(isProjectRun(run('d', { path: null, name: 'VGG' }), here)).toBe(false);
    // No project recorded (the CLI, older runs): the network's name decides.
    expect(isProjectRun(run('e', null, 'LeNet'), here)).toBe(true);
    expect(isProjectRun(run('f', null, 'AlexNet'), here)).toBe(false);
    // An unsaved document does not own a saved project's runs.
    expect(isProjectRun(run('g', SAVED), { path: null, name: 'LeNet' })).toBe(false);
  });

  it('splits keeping the order of the list', () => {
    const runs = [run('1', null, 'VGG'), run('2', SAVED), run('3', null, 'AlexNet'), run('4', SAVED)];
    const { mine, others } = splitByProject(runs, SAVED);
    expect(mine.map((r) => r.runId)).toEqual(['2', '4']);
    expect(others.map((r) => r.runId)).toEqual(['1', '3']);
  });
});

describe('the runs list', () => {
  let backend: ReturnType<typeof fakeBackend>;
  const runs = [run('other-new', { path: '/p/vgg.stride', name: 'VGG' }, 'VGG'), run('mine', SAVED)];
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    useLive.setState(IDLE);
    useRunQueue.setState({ queue: [] });
    useRuns.setState({ runs: [], allRuns: false, compareRuns: [], comparePresets: [] });
    loadDoc({ ...base.graph, name: 'LeNet' }, SAVED.path, { saved: true });
    backend = fakeBackend({
      'runs.list': () => runs,
      'runs.get': (input) => runDetail((input as { runId: string }).runId, { project: SAVED }),
      'training.start': () => ({ runId: 'r2' }),
    });
  });
  afterEach(cleanup);

  const rowNames = () =>
    within(screen.getByRole('table', { name: 'Runs' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.getAttribute('data-run-id') ?? `[${r.textContent ?? ''}]`);

  it('shows this project’s runs; “All runs” adds the others after them', async () => {
    const user = userEvent.setup();
    render(<RunsList />);
    await settle();
    expect(rowNames()).toEqual(['mine']);
    expect(screen.getByTestId('runs-count').textContent).toBe('1 of this project, 1 other');
    await user.click(screen.getByRole('checkbox', { name: 'All runs' }));
    // The other project's run is newer, yet this project's comes first.
    expect(rowNames()).toEqual(['[This project (1)]', 'mine', '[Other runs (1)]', 'other-new']);
  });

  it('says so when this project has no runs but others do', async () => {
    loadDoc({ ...base.graph, name: 'AlexNet' }, null, { saved: true });
    render(<RunsList />);
    await settle();
    expect(screen.queryByRole('table', { name: 'Runs' })).toBeNull();
    expect(screen.getByText(/No runs of this project yet \(2 of other projects/)).toBeTruthy();
  });

  it('a duplicate keeps the project of the run it copies', async () => {
    await duplicateWithOptimizers('mine', ['sgd']);
    await settle();
    expect(backend.called('training.start')[0]?.input).toMatchObject({ project: SAVED });
  });
});
