// `npm test`: every check the project has, in one command, ending with one `N passed, N failed, N skipped` line.
// Steps: lint, format, typecheck, build, unit + integration (vitest), end-to-end (Playwright on Debian
// Chromium, through browser mode), security scan. Counting rules:
// - tests are counted from the runners' JSON reports (deleted before each run, so a crash cannot reuse old ones);
// - a test file that fails to load, or a runner error outside any test, counts as one failed test;
// - a check without tests (lint, format, typecheck, build, security) counts as one failure when it fails;
// - a step that exits non-zero always fails the run, even if its report shows no failed test;
// - a skipped test is listed with its reason (vitest: task meta `skipReason`, see test/setup/skip.ts;
//   Playwright: the skip annotation) and never counted as passed.
// Set STRIDE_TEST_ONLY=unit,e2e (comma list of step names) to run a subset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });
const only = process.env.STRIDE_TEST_ONLY?.split(',').map((s) => s.trim());
const node = process.execPath;
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const vitestReport = join(out, 'vitest.json');
const playwrightReport = join(out, 'playwright.json');

const steps = [
  { name: 'lint', cmd: [node, bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'] },
  { name: 'format', cmd: [node, bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.'] },
  { name: 'typecheck', cmd: [node, 'test/typecheck.mjs'] },
  { name: 'build', cmd: [node, 'build.config.mjs', 'all'] },
  {
    name: 'unit',
    cmd: [
      node,
      bin('vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
    env: { STRIDE_SKIP_BUILD: '1' },
    reportFile: vitestReport,
    report: () => vitestCounts(vitestReport),
  },
  {
    name: 'e2e',
    cmd: [node, bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    reportFile: playwrightReport,
    report: () => playwrightCounts(playwrightReport),
  },
  ...(existsSync(join(root, 'test', 'security', 'electronegativity.mjs'))
    ? [{ name: 'security', cmd: [node, 'test/security/electronegativity.mjs'] }]
    : []),
];

export function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  let passed = 0;
  let failed = 0;
  const skipped = [];
  const failures = [];
  for (const suite of json.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    const where = relative(root, suite.name ?? '');
    if (suite.status === 'failed' && results.every((t) => t.status !== 'failed')) {
      failed += 1; // the file failed outside any test (import error, hook failure)
      failures.push(`${where}: ${(suite.message ?? 'failed to run').split('\n')[0]}`);
    }
    for (const t of results) {
      const name = `${where} > ${t.fullName ?? t.title}`;
      if (t.status === 'passed') passed += 1;
      else if (t.status === 'failed') {
        failed += 1;
        failures.push(name);
      } else skipped.push(`${name} (${t.meta?.skipReason ?? 'no reason recorded'})`);
    }
  }
  return { passed, failed, skipped, failures };
}

export function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  let passed = 0;
  let failed = 0;
  const skipped = [];
  const failures = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const name = `${spec.file ?? suite.file ?? ''} > ${spec.title}`;
        const status = test.status; // expected | unexpected | flaky | skipped
        if (status === 'skipped') {
          const reason = test.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skipped.push(`${name} (${reason})`);
        } else if (status === 'expected' || status === 'flaky') passed += 1;
        else {
          failed += 1;
          failures.push(name);
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of json.suites ?? []) visit(suite);
  for (const error of json.errors ?? []) {
    failed += 1; // global setup errors, "no tests found", a crashed worker outside a test
    failures.push(`playwright: ${String(error.message ?? error).split('\n')[0]}`);
  }
  return { passed, failed, skipped, failures };
}

function main() {
  const totals = { passed: 0, failed: 0, skipped: [], failures: [] };
  const stepResults = [];
  for (const step of steps) {
    if (only !== undefined && !only.includes(step.name)) continue;
    if (step.reportFile !== undefined) rmSync(step.reportFile, { force: true });
    const started = Date.now();
    console.log(`\n=== ${step.name} ===`);
    const [command, ...args] = step.cmd;
    const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ok = result.status === 0;
    const counts = step.report?.() ?? null;
    if (counts !== null) {
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.skipped.push(...counts.skipped);
      totals.failures.push(...counts.failures);
    }
    if (!ok && (counts === null || counts.failed === 0)) {
      totals.failed += 1; // a failing check, or a runner that failed without a failed test in its report
      totals.failures.push(`${step.name}: exited with ${result.status ?? result.signal}`);
    }
    stepResults.push(`${step.name} ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
  }

  console.log('\n=== summary ===');
  for (const line of stepResults) console.log(`  ${line}`);
  if (totals.failures.length > 0) {
    console.log('failed:');
    for (const name of totals.failures) console.log(`  - ${name}`);
  }
  if (totals.skipped.length > 0) {
    console.log('skipped (not counted as passed):');
    for (const name of totals.skipped) console.log(`  - ${name}`);
  }
  const anyStepFailed = stepResults.some((line) => line.includes('FAILED'));
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped.length} skipped`);
  process.exit(anyStepFailed || totals.failed > 0 ? 1 : 0);
}

// Runs when executed (`node test/run.mjs`); importing it (its own test) only gets the counting functions.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
