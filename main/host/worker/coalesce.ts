/**
 * Bounds the rate of messages towards the UI (at most ~30 per second, docs/architecture.md) without losing what
 * matters. Events are delivered in order, in batches (one batch = one message):
 * - a droppable event (a `batch` metric) replaces the previous droppable one while that is the newest still
 *   waiting, so the latest batch metrics are always delivered and a burst collapses to its last value;
 * - every other event (start, epoch, end, error) is kept, and the batch just before it stays too (the last
 *   batch of an epoch is never replaced by the first of the next).
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Coalescer<E> {
  push(event: E): void;
  /** Deliver whatever waits now (e.g. when the job has ended). */
  flush(): void;
  dispose(): void;
}

export interface CoalescerOptions<E> {
  readonly maxPerSecond?: number;
  readonly isDroppable?: (event: E) => boolean;
  readonly clock?: Clock;
}

export function createCoalescer<E extends { type: string }>(
  deliver: (events: E[]) => void,
  options: CoalescerOptions<E> = {},
): Coalescer<E> {
  const interval = 1000 / (options.maxPerSecond ?? 30);
  const droppable = options.isDroppable ?? ((e: E) => e.type === 'batch');
  const clock = options.clock ?? systemClock;
  let pending: E[] = [];
  let lastDelivery = -Infinity;
  let timer: unknown = null;
  let disposed = false;

  const deliverNow = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    lastDelivery = clock.now();
    deliver(events);
  };

  const schedule = (): void => {
    if (timer !== null || disposed) return;
    const wait = lastDelivery + interval - clock.now();
    if (wait <= 0) deliverNow();
    else timer = clock.setTimeout(deliverNow, wait);
  };

  return {
    push(event) {
      if (disposed) return;
      const last = pending[pending.length - 1];
      if (droppable(event) && last !== undefined && droppable(last)) pending[pending.length - 1] = event;
      else pending.push(event);
      schedule();
    },
    flush: deliverNow,
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
