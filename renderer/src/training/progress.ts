import { formatInt } from '../model/format';

/**
 * Progress arithmetic for the progress bar: how far a run is, how fast it goes and when it will end. Pure and
 * clock-injected, so the tests drive it with made-up times.
 */
export interface ProgressPosition {
  readonly epoch: number;
  readonly batch: number;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
}

/** Batches done over all epochs (the batch counter is 1-based and finished when reported). */
export const batchesDone = (p: ProgressPosition): number =>
  Math.max(0, (p.epoch - 1) * p.batchesPerEpoch + p.batch);

export const totalBatches = (p: ProgressPosition): number => Math.max(1, p.epochs * p.batchesPerEpoch);

export const fractionDone = (p: ProgressPosition): number => Math.min(1, batchesDone(p) / totalBatches(p));

/**
 * Batches per second over a sliding window of recent (time, batches done) samples. Restart it after a pause,
 * so paused time does not count.
 */
export class RateMeter {
  private samples: { t: number; done: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  reset(): void {
    this.samples = [];
  }

  add(t: number, done: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && done <= last.done) return;
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - (this.samples[0]?.t ?? t) > this.windowMs) this.samples.shift();
  }

  /** Batches per second, or null until two samples span some time. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.t - first.t < 1) return null;
    return ((last.done - first.done) * 1000) / (last.t - first.t);
  }
}

/** Seconds left at `rate` batches per second, or null when unknown. */
export function etaSeconds(p: ProgressPosition, rate: number | null): number | null {
  if (rate === null || rate <= 0) return null;
  return Math.max(0, totalBatches(p) - batchesDone(p)) / rate;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (v: number) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/** 0.97134 → "97.13%". */
export const formatPercent = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;

/** 1234.5 → "1,235"; unknown → "—". */
export const formatCount = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : formatInt(v);
