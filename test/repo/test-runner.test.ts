import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- test/run.mjs is plain JavaScript without type declarations
import { playwrightCounts, vitestCounts } from '../run.mjs';

// The `N passed, N failed, N skipped` line of `npm test` comes from these two readers of the runners' JSON.

interface Counts {
  passed: number;
  failed: number;
  skipped: string[];
  failures: string[];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-counts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, json: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
};

describe('vitest report counts', () => {
  it('counts passes, failures and skips with their recorded reason', () => {
    const file = write('vitest.json', {
      numFailedTests: 1,
      testResults: [
        {
          name: join(process.cwd(), 'test/a.test.ts'),
          status: 'failed',
          assertionResults: [
            { fullName: 'a ok', status: 'passed' },
            { fullName: 'a broken', status: 'failed' },
            { fullName: 'a gpu', status: 'skipped', meta: { skipReason: 'no GPU' } },
            { fullName: 'a todo', status: 'todo', meta: {} },
          ],
        },
      ],
    });
    const counts = vitestCounts(file) as Counts;
    expect(counts).toMatchObject({ passed: 1, failed: 1 });
    expect(counts.skipped).toEqual([
      'test/a.test.ts > a gpu (no GPU)',
      'test/a.test.ts > a todo (no reason recorded)',
    ]);
    expect(counts.failures).toEqual(['test/a.test.ts > a broken']);
  });

  it('counts a file that failed to load (no tests ran) as a failure', () => {
    const file = write('vitest.json', {
      numFailedTests: 0,
      testResults: [
        { name: 'x.test.ts', status: 'failed', message: "Cannot find module './nope'", assertionResults: [] },
        { name: 'y.test.ts', status: 'passed', assertionResults: [{ fullName: 'y', status: 'passed' }] },
      ],
    });
    expect(vitestCounts(file)).toMatchObject({ passed: 1, failed: 1 });
  });

  it('has no counts without a report (the runner crashed)', () => {
    expect(vitestCounts(join(dir, 'missing.json'))).toBeNull();
  });
});

describe('Playwright report counts', () => {
  it('counts expected and flaky as passed, unexpected as failed, skips with their reason, and top-level errors', () => {
    const file = write('playwright.json', {
      suites: [
        {
          file: 'a.spec.ts',
          specs: [
            { title: 'ok', tests: [{ status: 'expected' }] },
            { title: 'expected failure', tests: [{ status: 'expected' }] },
            { title: 'retried', tests: [{ status: 'flaky' }] },
            { title: 'broken', tests: [{ status: 'unexpected' }] },
          ],
          suites: [
            {
              specs: [
                {
                  title: 'needs electron',
                  tests: [{ status: 'skipped', annotations: [{ type: 'skip', description: 'no binary' }] }],
                },
              ],
            },
          ],
        },
      ],
      errors: [{ message: 'Error: No tests found' }],
    });
    const counts = playwrightCounts(file) as Counts;
    expect(counts).toMatchObject({ passed: 3, failed: 2 });
    expect(counts.skipped).toEqual([' > needs electron (no binary)']);
    expect(counts.failures).toEqual(['a.spec.ts > broken', 'playwright: Error: No tests found']);
  });
});
