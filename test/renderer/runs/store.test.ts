import { afterEach, describe, expect, it } from 'vitest';
import { fetchRunDetail } from '../../../renderer/src/runs/details';
import { deleteRun, useRuns } from '../../../renderer/src/runs/store';
import { fakeBackend, removeBackend } from '../training/fake-backend';
import { runDetail, summaryOf } from './fixtures';

describe('deleting a run', () => {
  afterEach(removeBackend);

  it('forgets its cached details, so nothing shows the deleted run again', async () => {
    let deleted = false;
    const backend = fakeBackend({
      'runs.get': (input) =>
        deleted
          ? { fail: { code: 'RUN_NOT_FOUND', message: 'No such run.' } }
          : runDetail((input as { runId: string }).runId),
      'runs.delete': () => {
        deleted = true;
        return {};
      },
    });
    useRuns.setState({ runs: [summaryOf(runDetail('gone'))], compareRuns: ['gone'] });
    expect((await fetchRunDetail('gone'))?.runId).toBe('gone');
    // A finished run's details are fetched once and shared.
    await fetchRunDetail('gone');
    expect(backend.called('runs.get')).toHaveLength(1);

    expect(await deleteRun('gone')).toEqual({ ok: true });
    expect(useRuns.getState().runs).toEqual([]);
    expect(await fetchRunDetail('gone')).toBeNull();
    expect(backend.called('runs.get')).toHaveLength(2);
  });
});
