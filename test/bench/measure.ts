import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Stats {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly meanMs: number;
}

/** Times `fn` after warm-up runs (JIT, caches); median and p95 resist the noise of a shared machine. */
export function measure(fn: () => void, runs: number, warmup = Math.min(20, runs)): Stats {
  for (let i = 0; i < warmup; i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    runs,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    minMs: round(times[0] as number),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}

export function machine() {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function writeResults(name: string, data: unknown): string {
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
