import { act } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE, liveSeries, useLive } from '../../../renderer/src/training/live';
import { connectTrainingStream, resetTrainingStream } from '../../../renderer/src/training/stream';
import { metrics } from '../runs/fixtures';
import { fakeBackend } from './fake-backend';

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

describe('following the host’s training stream', () => {
  beforeEach(() => {
    useLive.setState(IDLE);
    liveSeries.reset(1);
    resetTrainingStream();
  });

  it('picks up a run that was training before the window opened, then follows its events', async () => {
    const backend = fakeBackend({
      'training.active': () => ({ runId: 'r9', status: 'paused' }),
      'runs.metrics': () => metrics([2, 1.5, 1.2, 1.1, 1.0], 4),
    });
    connectTrainingStream();
    connectTrainingStream(); // idempotent: one subscription
    await settle();
    expect(useLive.getState()).toMatchObject({
      runId: 'r9',
      phase: 'paused',
      epoch: 2,
      batch: 1,
      batchesPerEpoch: 4,
    });
    expect(liveSeries.length).toBe(5);
    // A replayed batch is not drawn twice; the next one is.
    backend.emit('training', {
      runId: 'r9',
      event: { type: 'batch', epoch: 2, batch: 1, loss: 9, accuracy: 0 },
    });
    backend.emit('training', {
      runId: 'r9',
      event: { type: 'batch', epoch: 2, batch: 2, loss: 0.9, accuracy: 0.7 },
    });
    expect(liveSeries.length).toBe(6);
    expect(backend.called('training.active')).toHaveLength(1);
  });

  it('ignores malformed events (the client validates them against the contract)', async () => {
    const backend = fakeBackend({ 'training.active': () => null });
    connectTrainingStream();
    await settle();
    backend.emit('training', { runId: 'r1', event: { type: 'batch', epoch: 'one' } });
    expect(useLive.getState().runId).toBeNull();
  });
});
