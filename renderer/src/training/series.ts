/**
 * A run's curves as growable columns. Live batch events append here (no React state per batch); uPlot reads
 * typed-array views of the filled part, so a redraw copies nothing. The x axis is the epoch position of a
 * point, `(epoch − 1) + batch / batchesPerEpoch`, so the end of epoch e sits at x = e, where its per-epoch
 * values (train and validation) are placed; uPlot joins those sparse points with `spanGaps`.
 */
export interface BatchPoint {
  readonly epoch: number;
  readonly batch: number;
  readonly loss: number;
  readonly accuracy: number;
  /** Date.now() in the worker when the batch ended (latency measurement), if known. */
  readonly time?: number | undefined;
}

export interface EpochPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
}

/** The smoothing TensorBoard calls "smoothing": a debiased exponential moving average with this weight. */
export const DEFAULT_SMOOTHING = 0.6;
/** Beyond this many points, every other batch point is dropped (epoch ends are always kept). */
export const DEFAULT_MAX_POINTS = 50_000;

/** x, smoothed, raw, per-epoch train, per-epoch validation: what uPlot draws for loss or accuracy. */
export type CurveColumns = [Float64Array, Float64Array, Float64Array, (number | null)[], (number | null)[]];

type Column = 'x' | 'loss' | 'lossSmooth' | 'accuracy' | 'accuracySmooth' | 'time';
const COLUMNS: readonly Column[] = ['x', 'loss', 'lossSmooth', 'accuracy', 'accuracySmooth', 'time'];

export class CurveSeries {
  private cols: Record<Column, Float64Array>;
  private epochs: Int32Array;
  private batches: Int32Array;
  private epochTrainLoss: (number | null)[] = [];
  private epochValLoss: (number | null)[] = [];
  private epochTrainAcc: (number | null)[] = [];
  private epochValAcc: (number | null)[] = [];
  private n = 0;
  private emaLoss = 0;
  private emaAcc = 0;
  private emaCount = 0;
  private listeners = new Set<() => void>();
  /** Bumped on every change, so readers can tell whether they have drawn the latest data. */
  version = 0;

  constructor(
    private batchesPerEpoch = 1,
    private smoothing = DEFAULT_SMOOTHING,
    private readonly maxPoints = DEFAULT_MAX_POINTS,
    capacity = 256,
  ) {
    this.cols = Object.fromEntries(COLUMNS.map((c) => [c, new Float64Array(capacity)])) as Record<
      Column,
      Float64Array
    >;
    this.epochs = new Int32Array(capacity);
    this.batches = new Int32Array(capacity);
  }

  get length(): number {
    return this.n;
  }

  get smoothingWeight(): number {
    return this.smoothing;
  }

  /** Starts over (a new run): keeps the buffers, forgets the points. */
  reset(batchesPerEpoch: number): void {
    this.batchesPerEpoch = Math.max(1, batchesPerEpoch);
    this.n = 0;
    this.epochTrainLoss = [];
    this.epochValLoss = [];
    this.epochTrainAcc = [];
    this.epochValAcc = [];
    this.emaLoss = this.emaAcc = this.emaCount = 0;
    this.changed();
  }

  position(epoch: number, batch: number): number {
    return epoch - 1 + batch / this.batchesPerEpoch;
  }

  /** Adds a batch point; a point at or before the last one (a replayed event) is ignored. */
  append(p: BatchPoint): boolean {
    const x = this.position(p.epoch, p.batch);
    if (this.n > 0 && x <= (this.cols.x[this.n - 1] as number)) return false;
    if (this.n === this.cols.x.length) this.grow();
    const i = this.n;
    this.cols.x[i] = x;
    this.cols.loss[i] = p.loss;
    this.cols.accuracy[i] = p.accuracy;
    this.cols.time[i] = p.time ?? Number.NaN;
    this.epochs[i] = p.epoch;
    this.batches[i] = p.batch;
    this.smoothNext(i);
    this.epochTrainLoss.push(null);
    this.epochValLoss.push(null);
    this.epochTrainAcc.push(null);
    this.epochValAcc.push(null);
    this.n += 1;
    if (this.n > this.maxPoints) this.thin();
    this.changed();
    return true;
  }

  /**
   * Places an epoch's values on the last batch point of that epoch, or on a new point at x = epoch when the
   * epoch has none (e.g. a run replayed from per-epoch metrics only).
   */
  markEpoch(e: EpochPoint): void {
    let i = this.n - 1;
    while (i >= 0 && (this.epochs[i] as number) > e.epoch) i -= 1;
    if (i < 0 || this.epochs[i] !== e.epoch) {
      const point = { epoch: e.epoch, batch: this.batchesPerEpoch, loss: e.loss, accuracy: e.accuracy };
      if (!this.append(point)) return;
      i = this.n - 1;
    }
    this.epochTrainLoss[i] = e.loss;
    this.epochValLoss[i] = e.valLoss;
    this.epochTrainAcc[i] = e.accuracy;
    this.epochValAcc[i] = e.valAccuracy;
    this.changed();
  }

  setSmoothing(weight: number): void {
    this.smoothing = Math.min(0.999, Math.max(0, weight));
    this.emaLoss = this.emaAcc = this.emaCount = 0;
    for (let i = 0; i < this.n; i += 1) this.smoothNext(i);
    this.changed();
  }

  /** [x, smoothed loss, raw loss, epoch train loss, epoch validation loss] for uPlot. */
  lossData(): CurveColumns {
    const n = this.n;
    return [
      this.cols.x.subarray(0, n),
      this.cols.lossSmooth.subarray(0, n),
      this.cols.loss.subarray(0, n),
      this.epochTrainLoss,
      this.epochValLoss,
    ];
  }

  /** [x, smoothed accuracy, raw accuracy, epoch train accuracy, epoch validation accuracy]. */
  accuracyData(): CurveColumns {
    const n = this.n;
    return [
      this.cols.x.subarray(0, n),
      this.cols.accuracySmooth.subarray(0, n),
      this.cols.accuracy.subarray(0, n),
      this.epochTrainAcc,
      this.epochValAcc,
    ];
  }

  /** The worker time of the newest point (NaN when the events carried none). */
  lastTime(): number {
    return this.n === 0 ? Number.NaN : (this.cols.time[this.n - 1] as number);
  }

  lastX(): number {
    return this.n === 0 ? 0 : (this.cols.x[this.n - 1] as number);
  }

  /** One row per point; per-epoch columns are filled on the point that ends the epoch. */
  toCsv(): string {
    const rows = [
      'epoch,batch,position,loss,loss_smoothed,accuracy,accuracy_smoothed,epoch_loss,epoch_val_loss,epoch_accuracy,epoch_val_accuracy',
    ];
    const num = (v: number | null | undefined) =>
      v === null || v === undefined || Number.isNaN(v) ? '' : String(v);
    for (let i = 0; i < this.n; i += 1) {
      rows.push(
        [
          this.epochs[i],
          this.batches[i],
          num(this.cols.x[i]),
          num(this.cols.loss[i]),
          num(this.cols.lossSmooth[i]),
          num(this.cols.accuracy[i]),
          num(this.cols.accuracySmooth[i]),
          num(this.epochTrainLoss[i]),
          num(this.epochValLoss[i]),
          num(this.epochTrainAcc[i]),
          num(this.epochValAcc[i]),
        ].join(','),
      );
    }
    return `${rows.join('\n')}\n`;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  private smoothNext(i: number): void {
    const w = this.smoothing;
    this.emaCount += 1;
    this.emaLoss = w * this.emaLoss + (1 - w) * (this.cols.loss[i] as number);
    this.emaAcc = w * this.emaAcc + (1 - w) * (this.cols.accuracy[i] as number);
    // Debiasing: early values are not pulled towards the EMA's zero start.
    const debias = w === 0 ? 1 : 1 - w ** this.emaCount;
    this.cols.lossSmooth[i] = this.emaLoss / debias;
    this.cols.accuracySmooth[i] = this.emaAcc / debias;
  }

  private grow(): void {
    const size = this.cols.x.length * 2;
    for (const c of COLUMNS) {
      const next = new Float64Array(size);
      next.set(this.cols[c]);
      this.cols[c] = next;
    }
    const epochs = new Int32Array(size);
    epochs.set(this.epochs);
    this.epochs = epochs;
    const batches = new Int32Array(size);
    batches.set(this.batches);
    this.batches = batches;
  }

  /** Halves the number of points, keeping every epoch end and the newest point. */
  private thin(): void {
    let w = 0;
    for (let r = 0; r < this.n; r += 1) {
      const keep = r % 2 === 0 || r === this.n - 1 || this.epochTrainLoss[r] !== null;
      if (!keep) continue;
      for (const c of COLUMNS) this.cols[c][w] = this.cols[c][r] as number;
      this.epochs[w] = this.epochs[r] as number;
      this.batches[w] = this.batches[r] as number;
      this.epochTrainLoss[w] = this.epochTrainLoss[r] ?? null;
      this.epochValLoss[w] = this.epochValLoss[r] ?? null;
      this.epochTrainAcc[w] = this.epochTrainAcc[r] ?? null;
      this.epochValAcc[w] = this.epochValAcc[r] ?? null;
      w += 1;
    }
    this.n = w;
    this.epochTrainLoss.length = w;
    this.epochValLoss.length = w;
    this.epochTrainAcc.length = w;
    this.epochValAcc.length = w;
  }
}
