import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blockBomb } from '../../fixtures/block-bomb';
import { runCli } from './run-cli';

/**
 * A 13 kB document whose five library blocks each use the next 16 times expands to a million layers: it took
 * `stride validate` 21 s and 1.6 GB, and at 20 uses died with "Maximum call stack size exceeded" and no code.
 * Every command that analyses refuses it from a count made before expansion (runCli fails a run past 20 s).
 */
const dir = mkdtempSync(join(tmpdir(), 'stride-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const bomb16 = write('bomb16.json', blockBomb(5, 16));
const bomb20 = write('bomb20.stride.json', {
  format: 'stride-project',
  version: 1,
  graph: blockBomb(5, 20),
  ui: {},
});

const noStack = (text: string) =>
  expect(text).not.toMatch(/\n\s+at |RangeError|Maximum call stack|node:internal/);

describe('a block bomb through the CLI', () => {
  it.each([
    ['5 blocks × 16 uses (a bare graph)', bomb16, '1,048,576'],
    ['5 blocks × 20 uses (a project file)', bomb20, '3,200,000'],
  ])('validate refuses %s with GRAPH_TOO_LARGE on the block, in one line', (_what, path, layers) => {
    const text = runCli('validate', path);
    expect(text.code).toBe(1);
    expect(text.lines).toHaveLength(1);
    expect(text.lines[0]).toMatch(
      new RegExp(`^error GRAPH_TOO_LARGE at bomb: 'bomb' expands to ${layers} layers \\('b1' uses 'b2'`),
    );
    noStack(`${text.stdout}${text.stderr}`);
    const json = runCli('validate', path, '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { diagnostics: { code: string; nodeId: string | null }[] };
    expect(out.diagnostics.map((d) => [d.code, d.nodeId])).toEqual([['GRAPH_TOO_LARGE', 'bomb']]);
  });

  it('summary (table, --json, --expand) shows the refusal instead of expanding', () => {
    const table = runCli('summary', bomb16);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/bomb \(Block\)\s+\?\s+0/);
    expect(table.stdout).toMatch(/GRAPH_TOO_LARGE at bomb/);
    const json = runCli('summary', bomb20, '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { totalParams: number; diagnostics: { code: string }[] };
    expect(out.totalParams).toBe(0);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['GRAPH_TOO_LARGE']);
    const expand = runCli('summary', bomb20, '--expand');
    expect(expand.code).toBe(1);
    expect(expand.stdout).toMatch(/GRAPH_TOO_LARGE at bomb/);
    noStack(`${table.stdout}${table.stderr}${json.stderr}${expand.stdout}${expand.stderr}`);
  });

  it('export refuses it as a graph with errors, naming GRAPH_TOO_LARGE', () => {
    const run = runCli('export', bomb16, '--format', 'pytorch', '-o', join(dir, 'm.py'));
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.stderr).toMatch(
      /: \[GRAPH_TOO_LARGE\] 'bomb' expands to 1,048,576 layers .*\[GRAPH_HAS_ERRORS\]$/m,
    );
  });

  it('a nest that fits (3 blocks × 16 uses: 4,096 layers) is valid', () => {
    const run = runCli('validate', write('fits.json', blockBomb(3, 16)));
    expect(run.lines).toEqual(['block bomb: valid (4 layers, 24,906 params)']);
    expect(run.code).toBe(0);
  });
});
