import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test was skipped; `npm test` (test/run.mjs) lists it in its summary. */
    skipReason?: string;
  }
}

/**
 * Skips the running test because something it needs is missing here (the Electron binary, a GPU, torch),
 * printing the reason now and recording it for the `npm test` summary. A skip is never counted as a pass.
 *
 *   it('trains on the GPU', (ctx) => {
 *     if (!gpu) return skipWithReason(ctx, 'no WebGPU adapter on this machine');
 *     ...
 *   });
 */
export function skipWithReason(ctx: TestContext, reason: string): void {
  ctx.task.meta.skipReason = reason;
  console.warn(`[skipped] ${ctx.task.name}: ${reason}`);
  ctx.skip(reason);
}
