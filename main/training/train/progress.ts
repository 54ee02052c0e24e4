import type { TrainingConfig } from '../../../shared/api/training';

/**
 * What both training loops (tfjs in this process, PyTorch in the engine) keep across epochs: the best
 * monitored loss and its epoch, the best validation accuracy, and early stopping with Keras's semantics — the
 * validation loss (the training loss without a validation split) must improve by more than `minDelta` within
 * `patience` epochs; the last weights are kept, not the best.
 */
export interface LoopResult {
  readonly stopped: boolean;
  readonly earlyStopped: boolean;
  readonly epochsDone: number;
  readonly bestEpoch: number | null;
  readonly bestValAccuracy: number | null;
  readonly trainedImages: number;
  /** Time spent in training steps (what img/s is computed from). */
  readonly trainSeconds: number;
  /** Time spent waiting while paused. */
  readonly pausedSeconds: number;
}

export class EpochTracker {
  private best = Infinity;
  private patienceUsed = 0;
  bestEpoch: number | null = null;
  bestValAccuracy: number | null = null;

  constructor(private readonly config: Pick<TrainingConfig, 'earlyStopping' | 'epochs'>) {}

  /** Records an epoch; true when early stopping ends the run after it. */
  update(epoch: number, monitored: number, valAccuracy: number | null): boolean {
    if (valAccuracy !== null && (this.bestValAccuracy === null || valAccuracy > this.bestValAccuracy))
      this.bestValAccuracy = valAccuracy;
    if (monitored < this.best - (this.config.earlyStopping?.minDelta ?? 0)) {
      this.best = monitored;
      this.bestEpoch = epoch;
      this.patienceUsed = 0;
    } else this.patienceUsed += 1;
    return (
      this.config.earlyStopping !== undefined &&
      this.patienceUsed >= this.config.earlyStopping.patience &&
      epoch < this.config.epochs
    );
  }
}
