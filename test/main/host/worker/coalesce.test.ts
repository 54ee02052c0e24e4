import { describe, expect, it } from 'vitest';
import { createCoalescer, type Clock } from '../../../../main/host/worker/coalesce';

type Ev = { type: 'start' | 'batch' | 'epoch' | 'end' | 'error'; n: number };

/** A clock the test advances by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

function harness() {
  const clock = manualClock();
  const deliveries: { at: number; events: Ev[] }[] = [];
  const c = createCoalescer<Ev>((events) => deliveries.push({ at: clock.now(), events }), { clock });
  return { clock, deliveries, c };
}

describe('event coalescing', () => {
  it('1,000 batch events in one second become at most 30 messages, ending with the latest batch', () => {
    const { clock, deliveries, c } = harness();
    for (let i = 0; i < 1000; i++) {
      c.push({ type: 'batch', n: i });
      clock.advance(1);
    }
    clock.advance(100);
    const inFirstSecond = deliveries.filter((d) => d.at < 1000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(30);
    expect(inFirstSecond).toBeGreaterThanOrEqual(25);
    const all = deliveries.flatMap((d) => d.events);
    expect(all.at(-1)).toEqual({ type: 'batch', n: 999 });
    // Strictly increasing: nothing is delivered twice or out of order.
    expect(all.every((e, i) => i === 0 || e.n > (all[i - 1]?.n ?? -1))).toBe(true);
  });

  it('never drops start, epoch, end or error, keeps their order, and keeps the batch before each', () => {
    const { clock, deliveries, c } = harness();
    c.push({ type: 'start', n: 0 });
    for (let epoch = 1; epoch <= 5; epoch++) {
      for (let b = 0; b < 50; b++) c.push({ type: 'batch', n: epoch * 100 + b });
      c.push({ type: 'epoch', n: epoch * 100 + 99 });
      clock.advance(3);
    }
    c.push({ type: 'error', n: 998 });
    c.push({ type: 'end', n: 999 });
    clock.advance(1000);
    const all = deliveries.flatMap((d) => d.events);
    expect(all.filter((e) => e.type !== 'batch').map((e) => e.n)).toEqual([
      0, 199, 299, 399, 499, 599, 998, 999,
    ]);
    for (let epoch = 1; epoch <= 5; epoch++) {
      const at = all.findIndex((e) => e.type === 'epoch' && e.n === epoch * 100 + 99);
      expect(all[at - 1]).toEqual({ type: 'batch', n: epoch * 100 + 49 });
    }
    for (let i = 1; i < deliveries.length; i++)
      expect((deliveries[i]?.at ?? 0) - (deliveries[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(
        1000 / 30 - 1e-9,
      );
  });

  it('delivers a lone event at once and a quiet stream without delay', () => {
    const { clock, deliveries, c } = harness();
    c.push({ type: 'batch', n: 1 });
    expect(deliveries).toHaveLength(1);
    clock.advance(500);
    c.push({ type: 'batch', n: 2 });
    expect(deliveries).toHaveLength(2);
  });

  it('flush delivers what waits; dispose drops it and stops the timer', () => {
    const { clock, deliveries, c } = harness();
    c.push({ type: 'batch', n: 1 });
    c.push({ type: 'end', n: 2 });
    expect(deliveries).toHaveLength(1);
    c.flush();
    expect(deliveries.map((d) => d.events.map((e) => e.n))).toEqual([[1], [2]]);
    c.push({ type: 'batch', n: 3 });
    c.dispose();
    clock.advance(1000);
    expect(deliveries).toHaveLength(2);
  });
});
