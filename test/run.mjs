// `npm test`: every check the project has, in one command, ending with one `N passed, N failed` line.
// Steps: lint, format, typecheck, build, unit + integration (vitest), end-to-end (Playwright on Debian
// Chromium, through browser mode), security scan. A skipped test is reported with its reason and never counted
// as passed. Set STRIDE_TEST_ONLY=unit,e2e (comma list of step names) to run a subset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });
const only = process.env.STRIDE_TEST_ONLY?.split(',').map((s) => s.trim());
const node = process.execPath;
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

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
      `--outputFile.json=${join(out, 'vitest.json')}`,
    ],
    env: { STRIDE_SKIP_BUILD: '1' },
    report: () => vitestCounts(join(out, 'vitest.json')),
  },
  {
    name: 'e2e',
    cmd: [node, bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'playwright.json') },
    report: () => playwrightCounts(join(out, 'playwright.json')),
  },
  ...(existsSync(join(root, 'test', 'security', 'electronegativity.mjs'))
    ? [{ name: 'security', cmd: [node, 'test/security/electronegativity.mjs'] }]
    : []),
];

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = [];
  for (const suite of json.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo')
        skipped.push(t.fullName ?? t.title);
    }
  }
  return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, skipped };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  let passed = 0;
  let failed = 0;
  const skipped = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const status = test.status; // expected | unexpected | flaky | skipped
        if (status === 'skipped') {
          const reason = test.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skipped.push(`${spec.title} (${reason})`);
        } else if (status === 'expected' || status === 'flaky') passed += 1;
        else failed += 1;
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of json.suites ?? []) visit(suite);
  return { passed, failed, skipped };
}

const totals = { passed: 0, failed: 0, skipped: [] };
const stepResults = [];
for (const step of steps) {
  if (only !== undefined && !only.includes(step.name)) continue;
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
  } else if (!ok) {
    totals.failed += 1; // a failing check with no test report counts as one failure
  }
  stepResults.push(`${step.name} ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
}

console.log('\n=== summary ===');
for (const line of stepResults) console.log(`  ${line}`);
if (totals.skipped.length > 0) {
  console.log(`skipped (not counted as passed):`);
  for (const name of totals.skipped) console.log(`  - ${name}`);
}
const anyStepFailed = stepResults.some((line) => line.includes('FAILED'));
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped.length} skipped`);
process.exit(anyStepFailed || totals.failed > 0 ? 1 : 0);
