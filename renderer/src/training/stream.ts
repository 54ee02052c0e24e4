import { backend, call } from '../backend/api';
import { adoptRun, handleTrainingEvent, useLive } from './live';

/**
 * Follows the host's `training` event stream for the life of the window (whatever tab is open), and picks up
 * a run that was already training when the window opened. Idempotent: the first caller connects.
 */
let connected: object | null = null;

export function connectTrainingStream(): void {
  const api = backend();
  if (api === null || connected === api) return;
  connected = api;
  api.on('training', ({ runId, event }) => handleTrainingEvent(runId, event));
  void adoptActiveRun();
}

async function adoptActiveRun(): Promise<void> {
  const active = await call((api) => api.training.active({}));
  if (!active.ok || active.value === null) return;
  const { runId, status } = active.value;
  const known = () => useLive.getState().runId === runId && useLive.getState().start !== null;
  if (known()) return;
  const metrics = await call((api) => api.runs.metrics({ runId, maxBatchPoints: 5000 }));
  if (metrics.ok && !known()) adoptRun(runId, status, metrics.value);
}

/** For tests: forget the connection so the next call subscribes again. */
export function resetTrainingStream(): void {
  connected = null;
}
