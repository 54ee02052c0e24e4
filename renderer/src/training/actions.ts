import { create } from 'zustand';
import type { RunProject } from '../../../shared/api/runs';
import { TrainingErrorCode, type TrainingConfig } from '../../../shared/api/training';
import type { GraphDoc } from '../../../shared/graph/schema';
import { call } from '../backend/api';
import { toast } from '../store/toasts';
import { isActive, onRunFinished, setPhase, startRefused, startRequested, useLive } from './live';

/**
 * What the Start / Pause / Stop buttons and "duplicate with another optimizer" do. One run trains at a time
 * per host, so runs asked for while one trains wait in a queue here and start, in order, when it ends.
 */
export interface QueuedRun {
  readonly id: number;
  readonly graph: GraphDoc;
  readonly config: TrainingConfig;
  readonly name: string;
  /** The project recorded with the run (a duplicate keeps its original's). */
  readonly project?: RunProject;
  /** Called with the new run's id once it has started (e.g. to add it to a comparison). */
  readonly onStarted?: (runId: string) => void;
}

interface QueueState {
  readonly queue: readonly QueuedRun[];
}

export const useRunQueue = create<QueueState>()(() => ({ queue: [] }));
let nextId = 1;

const BUSY_RETRIES = 20;

/** Starts a run now; resolves with its id, or null when the host refused (the reason is shown in the panel). */
export async function startTraining(
  graph: GraphDoc,
  config: TrainingConfig,
  name?: string,
  opts: { waitWhileBusy?: boolean; project?: RunProject } = {},
): Promise<string | null> {
  startRequested();
  const input = {
    graph,
    config,
    ...(name === undefined ? {} : { name }),
    ...(opts.project === undefined ? {} : { project: opts.project }),
  };
  let result = await call((api) => api.training.start(input));
  // A queued run may ask while the host is still closing the previous one.
  for (let i = 0; opts.waitWhileBusy === true && i < BUSY_RETRIES; i += 1) {
    if (result.ok || result.error.code !== TrainingErrorCode.busy) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
    result = await call((api) => api.training.start(input));
  }
  if (!result.ok) {
    startRefused({ code: result.error.code, message: result.error.message, nodeId: result.error.nodeId });
    toast.error(result.error.message, result.error.code);
    return null;
  }
  // The start event usually arrives before this answer; if not, remember the id so its events are followed.
  if (useLive.getState().runId === null) useLive.setState({ runId: result.value.runId });
  return result.value.runId;
}

/** Starts now when nothing trains, otherwise queues the run. */
export function enqueueRun(run: Omit<QueuedRun, 'id'>): void {
  if (!isActive(useLive.getState().phase) && useRunQueue.getState().queue.length === 0) {
    const opts = run.project === undefined ? {} : { project: run.project };
    void startTraining(run.graph, run.config, run.name, opts).then((id) => {
      if (id !== null) run.onStarted?.(id);
    });
    return;
  }
  useRunQueue.setState((s) => ({ queue: [...s.queue, { ...run, id: nextId++ }] }));
  toast.info(`Queued "${run.name}": it starts when the current run ends.`);
}

export function dequeue(id: number): void {
  useRunQueue.setState((s) => ({ queue: s.queue.filter((q) => q.id !== id) }));
}

async function startNextQueued(): Promise<void> {
  const [next, ...rest] = useRunQueue.getState().queue;
  if (next === undefined) return;
  useRunQueue.setState({ queue: rest });
  const id = await startTraining(next.graph, next.config, next.name, {
    waitWhileBusy: true,
    ...(next.project === undefined ? {} : { project: next.project }),
  });
  if (id !== null) next.onStarted?.(id);
  else void startNextQueued();
}

onRunFinished(() => void startNextQueued());

async function control(action: 'pause' | 'resume' | 'stop'): Promise<void> {
  const { runId, phase } = useLive.getState();
  if (runId === null) return;
  const before = phase;
  setPhase(action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopping');
  const result = await call((api) => api.training[action]({ runId }));
  if (!result.ok) {
    // The run may have ended meanwhile (its end event then sets the final phase).
    if (isActive(useLive.getState().phase)) setPhase(before);
    toast.error(result.error.message, result.error.code);
  }
}

export const pauseTraining = (): Promise<void> => control('pause');
export const resumeTraining = (): Promise<void> => control('resume');

/** Stop also empties the queue: "stop" means stop training, not "skip to the next run". */
export function stopTraining(): Promise<void> {
  useRunQueue.setState({ queue: [] });
  return control('stop');
}
