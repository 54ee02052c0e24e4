import { create } from 'zustand';
import type { RunSummary } from '../../../shared/api/ns/training';
import { call } from '../backend/api';
import { usePrefs } from '../store/prefs';
import { forgetRunDetail } from './details';
import { isActive, onRunFinished, useLive } from '../training/live';
import { showTrainingView } from '../training/views';

/**
 * The runs on this host (runs.list, newest first), which one is open in the run view, and which runs and presets
 * are picked for comparison. UI state only: never in the document or its history.
 */
export interface RunsState {
  readonly runs: readonly RunSummary[];
  readonly loaded: boolean;
  readonly error: string | null;
  /** Run ids picked for comparison, in the order picked. */
  readonly compareRuns: readonly string[];
  /** Preset ids picked for comparison. */
  readonly comparePresets: readonly string[];
  /** The run shown beside the runs list in the training workspace. */
  readonly openRunId: string | null;
  /** List every run (this project's first), not only the runs of the project open in the designer. */
  readonly allRuns: boolean;
}

export const useRuns = create<RunsState>()(() => ({
  runs: [],
  loaded: false,
  error: null,
  compareRuns: [],
  comparePresets: [],
  openRunId: null,
  allRuns: false,
}));

let refreshing: Promise<void> | null = null;
let settleTimer: ReturnType<typeof setTimeout> | null = null;
let settleTries = 0;
const SETTLE_MS = 600;
const SETTLE_TRIES = 15;

/** A listed run still marked training although no run trains here: its record is being finalised. */
const unsettled = (runs: readonly RunSummary[]): boolean => {
  const live = useLive.getState();
  return runs.some(
    (r) =>
      (r.status === 'running' || r.status === 'paused') && !(r.runId === live.runId && isActive(live.phase)),
  );
};

export function refreshRuns(): Promise<void> {
  refreshing ??= (async () => {
    const result = await call((api) => api.runs.list({}));
    useRuns.setState(
      result.ok
        ? (s) => ({
            runs: result.value,
            loaded: true,
            error: null,
            compareRuns: s.compareRuns.filter((id) => result.value.some((r) => r.runId === id)),
          })
        : { loaded: true, error: `${result.error.message} (${result.error.code})` },
    );
    // The host writes a run's final record just after its end event: look again until it says so.
    if (result.ok && unsettled(result.value) && settleTries < SETTLE_TRIES && settleTimer === null) {
      settleTries += 1;
      settleTimer = setTimeout(() => {
        settleTimer = null;
        void refreshRuns();
      }, SETTLE_MS);
    } else if (result.ok && !unsettled(result.value)) settleTries = 0;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

onRunFinished(() => {
  settleTries = 0;
  void refreshRuns();
});
// A run that starts (here or in another window) joins the list at once.
useLive.subscribe((s, prev) => {
  if (s.start !== null && s.start !== prev.start) void refreshRuns();
});

/** Shows a run in the training workspace's Runs tab (null closes it). */
export function openRun(runId: string | null): void {
  useRuns.setState({ openRunId: runId });
  if (runId !== null) {
    showTrainingView('runs');
    usePrefs.getState().setView('training');
  }
}

export function toggleCompareRun(runId: string, on?: boolean): void {
  useRuns.setState((s) => {
    const has = s.compareRuns.includes(runId);
    const want = on ?? !has;
    if (want === has) return s;
    return { compareRuns: want ? [...s.compareRuns, runId] : s.compareRuns.filter((id) => id !== runId) };
  });
}

export function toggleComparePreset(presetId: string, on?: boolean): void {
  useRuns.setState((s) => {
    const has = s.comparePresets.includes(presetId);
    const want = on ?? !has;
    if (want === has) return s;
    return {
      comparePresets: want
        ? [...s.comparePresets, presetId]
        : s.comparePresets.filter((id) => id !== presetId),
    };
  });
}

export function setComparePresets(presetIds: readonly string[]): void {
  useRuns.setState({ comparePresets: [...presetIds] });
}

/** The Compare view (a top-level view beside the designer and the training workspace). */
export const openCompare = (): void => usePrefs.getState().setView('compare');

export async function deleteRun(runId: string): Promise<{ ok: boolean; message?: string }> {
  const result = await call((api) => api.runs.delete({ runId }));
  if (!result.ok) return { ok: false, message: `${result.error.message} (${result.error.code})` };
  forgetRunDetail(runId);
  useRuns.setState((s) => ({
    runs: s.runs.filter((r) => r.runId !== runId),
    compareRuns: s.compareRuns.filter((id) => id !== runId),
    openRunId: s.openRunId === runId ? null : s.openRunId,
  }));
  return { ok: true };
}
