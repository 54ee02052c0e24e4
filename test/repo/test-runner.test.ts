import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- test/run.mjs is plain JavaScript without type declarations
import { groupSkips, playwrightCounts, preflightPlan, skipLines, vitestCounts } from '../run.mjs';

// The `N passed, N failed, N skipped` line of `npm test` comes from these two readers of the runners' JSON.

interface Counts {
  passed: number;
  failed: number;
  skipped: { name: string; reason: string }[];
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
      { name: 'test/a.test.ts > a gpu', reason: 'no GPU' },
      { name: 'test/a.test.ts > a todo', reason: 'no reason recorded' },
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
    expect(counts.skipped).toEqual([{ name: ' > needs electron', reason: 'no binary' }]);
    expect(counts.failures).toEqual(['a.spec.ts > broken', 'playwright: Error: No tests found']);
  });
});

describe('skips in the summary', () => {
  it('are grouped by reason, largest group first', () => {
    const torch = 'python3-torch not installed — apt-get install python3-torch';
    const skipped = [
      ...Array.from({ length: 65 }, (_, i) => ({ name: `t${i}`, reason: torch })),
      { name: 'smoke', reason: 'Electron binary not available' },
    ];
    expect(skipLines(skipped)).toEqual([`65 skipped: ${torch}`, '1 skipped: Electron binary not available']);
    expect(groupSkips(skipped)[1]).toEqual({
      reason: 'Electron binary not available',
      count: 1,
      names: ['smoke'],
    });
    expect(skipLines([])).toEqual([]);
  });
});

describe('the preflight of npm test', () => {
  interface Facts {
    steps: string[];
    root: boolean;
    apt: boolean;
    chromium: { path: string; overridden: boolean; exists: boolean };
    torch: boolean;
  }
  const all = ['lint', 'format', 'typecheck', 'build', 'unit', 'e2e', 'security'];
  const ready: Facts = {
    steps: all,
    root: false,
    apt: true,
    chromium: { path: '/usr/bin/chromium', overridden: false, exists: true },
    torch: true,
  };
  const plan = (change: Partial<Facts>) =>
    preflightPlan({ ...ready, ...change }) as {
      install: { packages: string[]; say: string; optional: boolean }[];
      stop: string | null;
    };
  const missingChromium = { path: '/usr/bin/chromium', overridden: false, exists: false };

  it('does nothing when everything is there', () => {
    expect(plan({})).toEqual({ install: [], stop: null });
  });

  it('installs a missing chromium as root with apt, saying so in one line', () => {
    const p = plan({ root: true, chromium: missingChromium });
    expect(p.stop).toBeNull();
    expect(p.install).toEqual([
      { packages: ['chromium'], say: expect.stringContaining('apt-get install chromium'), optional: false },
    ]);
  });

  it('stops at once with one line naming chromium and its install command otherwise', () => {
    for (const facts of [{ root: false }, { root: true, apt: false }]) {
      const p = plan({ ...facts, chromium: missingChromium });
      expect(p.install).toEqual([]);
      expect(p.stop).toMatch(/chromium.*apt-get install chromium$/);
      expect(p.stop).not.toContain('\n');
    }
  });

  it('stops on a STRIDE_CHROMIUM that does not exist, even as root (installing would not create it)', () => {
    const p = plan({ root: true, chromium: { path: '/nonexistent', overridden: true, exists: false } });
    expect(p).toEqual({
      install: [],
      stop: expect.stringContaining('STRIDE_CHROMIUM=/nonexistent does not exist'),
    });
  });

  it('needs chromium only when e2e runs', () => {
    expect(plan({ steps: ['unit'], chromium: missingChromium })).toEqual({ install: [], stop: null });
  });

  it('installs python3-torch as root (optional: failure only skips), and never stops for it', () => {
    expect(plan({ root: true, torch: false }).install).toEqual([
      {
        packages: ['python3-torch', 'python3-torchvision'],
        say: expect.stringContaining('apt-get install python3-torch'),
        optional: true,
      },
    ]);
    expect(plan({ root: false, torch: false })).toEqual({ install: [], stop: null });
    expect(plan({ root: true, torch: false, steps: ['e2e'] })).toEqual({ install: [], stop: null });
  });
});
