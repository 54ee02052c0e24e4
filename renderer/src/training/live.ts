import { create } from 'zustand';
import type { RunMetrics } from '../../../shared/api/runs';
import type { EndEvent, EpochEvent, StartEvent, TrainingEvent } from '../../../shared/api/training';
import { formatInt } from '../model/format';
import { batchesDone, etaSeconds, RateMeter } from './progress';
import { CurveSeries } from './series';

/**
 * The run training on the host, as this window sees it. Per-batch numbers go to `liveSeries` (typed arrays,
 * drawn once per frame); this store holds only what the panel shows as text, so a batch event costs one small
 * state update. None of it is document state: it never reaches the editor's history or the project file.
 */
export type Phase =
  'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';

export interface RunFailure {
  readonly code: string;
  readonly message: string;
  readonly nodeId: string | null;
}

export interface LiveState {
  readonly phase: Phase;
  readonly runId: string | null;
  readonly start: StartEvent | null;
  readonly epoch: number;
  readonly batch: number;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  readonly imagesPerSecond: number | null;
  readonly etaSeconds: number | null;
  readonly lastEpoch: EpochEvent | null;
  readonly end: EndEvent | null;
  /** Why the run failed, or why a start was refused (then phase is back to idle). */
  readonly failure: RunFailure | null;
  /** Date.now() when the run started in this window's view. */
  readonly startedAt: number | null;
}

export const IDLE: LiveState = {
  phase: 'idle',
  runId: null,
  start: null,
  epoch: 0,
  batch: 0,
  epochs: 0,
  batchesPerEpoch: 0,
  imagesPerSecond: null,
  etaSeconds: null,
  lastEpoch: null,
  end: null,
  failure: null,
  startedAt: null,
};

export const useLive = create<LiveState>()(() => IDLE);

/** The live run's curves (one buffer, reused run after run). */
export const liveSeries = new CurveSeries();

const meter = new RateMeter();
let batchSize = 0;
const endListeners = new Set<(runId: string, event: TrainingEvent) => void>();

/** Called when a run ends or fails (the runs list refreshes, a queued run starts). */
export function onRunFinished(listener: (runId: string, event: TrainingEvent) => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

export const isActive = (phase: Phase): boolean =>
  phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'stopping';

function begin(runId: string, start: StartEvent, now: number): void {
  liveSeries.reset(start.batchesPerEpoch);
  meter.reset();
  batchSize = start.batchSize ?? 0;
  useLive.setState({
    ...IDLE,
    phase: 'running',
    runId,
    start,
    epochs: start.epochs,
    batchesPerEpoch: start.batchesPerEpoch,
    startedAt: now,
  });
}

/** Applies one event of the `training` stream; `now` is this window's clock. */
export function handleTrainingEvent(runId: string, event: TrainingEvent, now = Date.now()): void {
  const state = useLive.getState();
  if (event.type === 'start') return begin(runId, event, now);
  // An event of a run this window has not seen start (opened mid-run): adopt it with what we know.
  if (state.runId !== runId) {
    if (isActive(state.phase) && state.phase !== 'starting') return;
    if (event.type !== 'batch' && event.type !== 'epoch') return;
    useLive.setState({ ...IDLE, phase: 'running', runId, startedAt: now });
  }
  const s = useLive.getState();
  switch (event.type) {
    case 'batch': {
      liveSeries.append(event);
      const position = {
        epoch: event.epoch,
        batch: event.batch,
        epochs: s.epochs,
        batchesPerEpoch: s.batchesPerEpoch,
      };
      meter.add(now, batchesDone(position));
      const rate = meter.rate();
      const fromRate = rate !== null && batchSize > 0 ? rate * batchSize : null;
      const reported = typeof event.imagesPerSecond === 'number' ? event.imagesPerSecond : null;
      useLive.setState({
        epoch: event.epoch,
        batch: event.batch,
        imagesPerSecond: fromRate ?? reported ?? s.imagesPerSecond,
        etaSeconds: etaSeconds(position, rate),
      });
      return;
    }
    case 'epoch':
      liveSeries.markEpoch(event);
      useLive.setState({
        lastEpoch: event,
        epoch: event.epoch,
        batch: s.batchesPerEpoch,
        imagesPerSecond: s.imagesPerSecond ?? event.imagesPerSecond,
      });
      return;
    case 'end':
      useLive.setState({
        phase: event.stopped ? 'stopped' : 'completed',
        end: event,
        etaSeconds: null,
        imagesPerSecond: event.imagesPerSecond,
      });
      break;
    case 'error':
      useLive.setState({
        phase: 'failed',
        failure: { code: event.code, message: event.message, nodeId: event.nodeId },
        etaSeconds: null,
      });
      break;
  }
  for (const l of endListeners) l(runId, event);
}

/** Local transitions the host does not announce (pause, resume, stop requested, start refused). */
export function setPhase(phase: Phase): void {
  if (phase === 'running') meter.reset();
  useLive.setState({ phase });
}

export function startRequested(): void {
  useLive.setState({ ...IDLE, phase: 'starting' });
}

export function startRefused(failure: RunFailure): void {
  useLive.setState({ ...IDLE, failure });
}

/** A window opened while a run trains: replay what the run recorded so far, then follow the stream. */
export function adoptRun(runId: string, status: 'running' | 'paused' | string, metrics: RunMetrics): void {
  const start = metrics.start;
  if (start === null) return;
  begin(runId, start, Date.now());
  for (const b of metrics.batches) liveSeries.append(b);
  for (const e of metrics.epochs) liveSeries.markEpoch(e);
  const last = metrics.batches[metrics.batches.length - 1];
  const lastEpoch = metrics.epochs[metrics.epochs.length - 1] ?? null;
  useLive.setState({
    phase: status === 'paused' ? 'paused' : 'running',
    epoch: last?.epoch ?? 0,
    batch: last?.batch ?? 0,
    lastEpoch,
    imagesPerSecond: lastEpoch?.imagesPerSecond ?? null,
  });
}

/**
 * After the last epoch's summary the worker evaluates the trained network on the test split before the run
 * ends: a stage of its own (it can take a while on 10,000 images), said in words instead of a frozen 100 %.
 */
export const isEvaluating = (s: LiveState): boolean =>
  s.phase === 'running' && s.epochs > 0 && s.lastEpoch?.epoch === s.epochs && s.end === null;

export function evaluationText(s: LiveState): string {
  const n = s.start?.testSize ?? 0;
  return n > 0 ? `Evaluating on ${formatInt(n)} test ${n === 1 ? 'image' : 'images'}…` : 'Finishing…';
}

/** Human text of the state, for the status line (`data-testid="run-status"`). */
export function statusText(s: LiveState): string {
  switch (s.phase) {
    case 'idle':
      return s.failure === null ? 'Ready' : `Not started: ${s.failure.message}`;
    case 'starting':
      return 'Starting…';
    case 'running':
      return isEvaluating(s) ? evaluationText(s) : 'Training';
    case 'paused':
      return 'Paused';
    case 'stopping':
      return 'Stopping…';
    case 'completed':
      return 'Completed';
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return `Failed: ${s.failure?.message ?? 'unknown error'}`;
  }
}
