import { StrideFailure } from '../../../shared/api/errors';
import { WorkerErrorCode, type WorkerCommand } from '../../../shared/api/worker';
import type { JobContext } from './job';

/**
 * Fault injection for the host's crash handling tests. Refused unless the worker was started with
 * STRIDE_WORKER_DEBUG=1, so a packaged app cannot be told to crash itself.
 */
export async function runDebug(
  command: Extract<WorkerCommand, { kind: 'debug' }>,
  ctx: JobContext,
): Promise<unknown> {
  if (process.env.STRIDE_WORKER_DEBUG !== '1')
    throw new StrideFailure(WorkerErrorCode.unsupported, 'debug commands are disabled in this worker');
  switch (command.action) {
    case 'echo':
      return command.value ?? null;
    case 'log':
      process.stderr.write(`debug: ${String(command.value)}\n`);
      ctx.log('info', String(command.value));
      return null;
    case 'throw':
      throw new Error(String(command.value ?? 'debug failure'));
    case 'hang':
      return new Promise(() => undefined);
    case 'exit':
      process.stderr.write('debug: exiting on request\n');
      process.exit(typeof command.value === 'number' ? command.value : 3);
    // falls through (process.exit does not return)
    case 'crash':
      process.stderr.write('debug: aborting on request\n');
      process.abort();
    // falls through
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 1_000_000 }, (_, i) => i + hoard.length));
    }
    case 'ticks': {
      // A stand-in training loop: one "batch" every `value` ms, honouring stop/pause between batches.
      const every = typeof command.value === 'number' ? command.value : 20;
      let batch = 0;
      // Says when a pause has taken effect, so a test can wait for that instead of for time to pass.
      const held = () => ctx.log('info', `paused after ${batch} batches`);
      while (await ctx.control.checkpoint(held)) {
        await new Promise((resolve) => setTimeout(resolve, every));
        ctx.emit({ type: 'batch', epoch: 0, batch, loss: 1 / (batch + 1), accuracy: 0, time: Date.now() });
        batch += 1;
      }
      return { batches: batch };
    }
  }
}
