import { useEffect, useState } from 'react';
import type { RunDetail } from '../../../shared/api/runs';
import { call } from '../backend/api';

/**
 * Run details (runs.get) fetched once per run and shared by the list's graph snapshots, the run view and the
 * comparison. A run still training is fetched again next time (its record changes until it ends).
 */
const cache = new Map<string, Promise<RunDetail | null>>();
const FINAL = new Set(['completed', 'stopped', 'failed']);

export function fetchRunDetail(runId: string): Promise<RunDetail | null> {
  let pending = cache.get(runId);
  if (pending === undefined) {
    pending = call((api) => api.runs.get({ runId })).then((r) => {
      if (!r.ok || !FINAL.has(r.value.status)) cache.delete(runId);
      return r.ok ? r.value : null;
    });
    cache.set(runId, pending);
  }
  return pending;
}

export function forgetRunDetail(runId: string): void {
  cache.delete(runId);
}

/** The run's details, or null while loading (or when the run is gone). `version` refetches. */
export function useRunDetail(runId: string | null, version: unknown = null): RunDetail | null {
  const [state, setState] = useState<{ id: string; detail: RunDetail | null } | null>(null);
  useEffect(() => {
    if (runId === null) return;
    let live = true;
    void fetchRunDetail(runId).then((detail) => {
      if (live) setState({ id: runId, detail });
    });
    return () => {
      live = false;
    };
  }, [runId, version]);
  return state !== null && state.id === runId ? state.detail : null;
}
