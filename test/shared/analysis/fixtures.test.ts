import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { parseGraphDoc } from '../../../shared/graph/migrate';

const dir = join(__dirname, '..', '..', 'fixtures', 'graphs');

interface Row {
  file: string;
  description: string;
  expect: { code: string; nodeId: string | null; severity: string }[];
}
const table = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Row[];

describe('invalid graph fixtures (test/fixtures/graphs/expected.json)', () => {
  it('covers every fixture file', () => {
    expect(table.length).toBeGreaterThanOrEqual(25);
  });

  it.each(table.map((row) => [row.file, row] as const))('%s', (_file, row) => {
    const parsed = parseGraphDoc(JSON.parse(readFileSync(join(dir, row.file), 'utf8')));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const analysis = analyzeGraph(parsed.value);
    const found = analysis.diagnostics.map((d) => ({ code: d.code, nodeId: d.nodeId, severity: d.severity }));
    for (const expected of row.expect) expect(found).toContainEqual(expected);
    // Every diagnostic is complete data: a code, a severity, a message, and a node that exists (or null).
    const ids = new Set(parsed.value.nodes.map((n) => n.id));
    for (const d of analysis.diagnostics) {
      expect(d.message.length).toBeGreaterThan(5);
      expect(d.nodeId === null || ids.has(d.nodeId)).toBe(true);
    }
    const errors = row.expect.some((e) => e.severity === 'error');
    expect(analysis.ok).toBe(!errors);
  });
});
