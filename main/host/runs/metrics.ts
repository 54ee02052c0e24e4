import { promises as fs } from 'node:fs';
import type { RunMetrics } from '../../../shared/api/runs';
import { TrainingEventSchema, type BatchEvent } from '../../../shared/api/training';

/**
 * The curves of a run from its metrics.jsonl. Lines that do not parse (the half-written last line of a
 * crash) are skipped. Batch points are thinned to at most `maxBatchPoints` by keeping every k-th, plus the
 * last batch of every epoch so each epoch's curve ends where it really ended.
 */
export async function readMetrics(path: string, maxBatchPoints: number): Promise<RunMetrics> {
  const text = await fs.readFile(path, 'utf8').catch(() => '');
  const metrics: RunMetrics = {
    start: null,
    batches: [],
    batchStride: 1,
    epochs: [],
    end: null,
    error: null,
  };
  const batches: BatchEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = TrainingEventSchema.safeParse(raw);
    if (!parsed.success) continue;
    const event = parsed.data;
    if (event.type === 'start') metrics.start = event;
    else if (event.type === 'batch') batches.push(event);
    else if (event.type === 'epoch') metrics.epochs.push(event);
    else if (event.type === 'end') metrics.end = event;
    else metrics.error = event;
  }
  const stride = Math.max(1, Math.ceil(batches.length / maxBatchPoints));
  metrics.batchStride = stride;
  metrics.batches =
    stride === 1
      ? batches
      : batches.filter(
          (b, i) => i % stride === 0 || i === batches.length - 1 || batches[i + 1]?.epoch !== b.epoch,
        );
  return metrics;
}
