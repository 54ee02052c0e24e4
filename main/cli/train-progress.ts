import type { StartEvent, TrainingEvent } from '../../shared/api/training';

/**
 * The human side of `stride train`: on a terminal one status line redrawn in place (epoch, batch, a bar, ETA,
 * loss, accuracy, img/s), and a permanent line per epoch; elsewhere (a pipe, a CI log) only the permanent
 * lines. Pure string building (`render`) plus a thin writer, so the format is testable without a TTY.
 */
export interface ProgressState {
  start: StartEvent | null;
  /** Batches done in the whole run, and the time they took (for the ETA). */
  batchesDone: number;
  firstBatchTime: number | null;
  lastBatchTime: number | null;
}

const BAR = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const pct = (v: number | null) => (v === null ? '   -  ' : `${(v * 100).toFixed(2)}%`);

/** The status line for a batch event, or the permanent line(s) for the others. */
export function render(event: TrainingEvent, state: ProgressState): { status?: string; line?: string } {
  switch (event.type) {
    case 'start': {
      state.start = event;
      const skipped = event.skipped.map((s) => `  skipped ${s.backend}: ${s.reason}`).join('\n');
      const sizes = `${event.trainSize} train / ${event.validationSize} validation / ${event.testSize} test images`;
      return {
        line: `Training on ${event.backend} (${event.device}), ${event.params?.toLocaleString('en-US') ?? '?'} parameters, ${sizes}, ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} of ${event.batchesPerEpoch} batches${skipped ? `\n${skipped}` : ''}`,
      };
    }
    case 'batch': {
      const start = state.start;
      const perEpoch = start?.batchesPerEpoch ?? 0;
      const total = perEpoch * (start?.epochs ?? 0);
      state.batchesDone += 1;
      const now = event.time ?? Date.now();
      state.firstBatchTime ??= now;
      state.lastBatchTime = now;
      // ETA from the average time per batch so far (the first batch's own time is unknown: count from it).
      const elapsed = (now - state.firstBatchTime) / 1000;
      const eta =
        state.batchesDone > 1 ? (elapsed / (state.batchesDone - 1)) * (total - state.batchesDone) : NaN;
      const filled = perEpoch > 0 ? Math.round((event.batch / perEpoch) * BAR) : 0;
      const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(BAR - filled)}]`;
      const ips =
        typeof event.imagesPerSecond === 'number' ? `${Math.round(event.imagesPerSecond)} img/s` : '';
      return {
        status: `epoch ${event.epoch}/${start?.epochs ?? '?'} ${bar} ${event.batch}/${perEpoch} ETA ${formatDuration(eta)} loss ${event.loss.toFixed(4)} acc ${pct(event.accuracy)} ${ips}`,
      };
    }
    case 'epoch':
      return {
        line: `epoch ${event.epoch}/${state.start?.epochs ?? '?'}: loss ${event.loss.toFixed(4)} acc ${pct(event.accuracy)} val_loss ${event.valLoss === null ? '-' : event.valLoss.toFixed(4)} val_acc ${pct(event.valAccuracy)} ${event.seconds.toFixed(1)} s ${Math.round(event.imagesPerSecond)} img/s`,
      };
    case 'end':
      return {
        line: `${event.stopped ? 'Stopped' : event.earlyStopped === true ? 'Stopped early (no improvement)' : 'Done'}: test accuracy ${pct(event.testAccuracy)}, test loss ${event.testLoss === null ? '-' : event.testLoss.toFixed(4)}, ${event.seconds.toFixed(1)} s, ${Math.round(event.imagesPerSecond)} img/s${event.modelDir === null ? '' : `\nModel saved in ${event.modelDir}`}`,
      };
    case 'error':
      return {};
  }
}

export interface ProgressWriter {
  write(event: TrainingEvent): void;
  /** Clears a pending status line (before an error line or exit). */
  clear(): void;
}

export function progressWriter(out: NodeJS.WriteStream, tty: boolean): ProgressWriter {
  const state: ProgressState = { start: null, batchesDone: 0, firstBatchTime: null, lastBatchTime: null };
  let statusShown = false;
  let lastDraw = 0;
  const clear = () => {
    if (statusShown) out.write('\r\x1b[2K');
    statusShown = false;
  };
  return {
    write(event) {
      const { status, line } = render(event, state);
      if (line !== undefined) {
        clear();
        out.write(`${line}\n`);
      }
      if (status !== undefined && tty) {
        // Redraw at most 10 times a second: a fast GPU must not spend its time in the terminal.
        const now = Date.now();
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const width = out.columns > 20 ? out.columns - 1 : 119;
        out.write(`\r\x1b[2K${status.slice(0, width)}`);
        statusShown = true;
      }
    },
    clear,
  };
}
