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
// Before any step, a preflight looks for what the steps need from the system (Debian's chromium for e2e,
// python3-torch for the PyTorch oracle of the unit tests): running as root with apt it installs what is
// missing, saying so in one line; otherwise it stops at once with one line naming the package and the command
// (chromium), or lets the tests skip with that reason (python3-torch is optional). Skips are summarised by
// reason ("65 skipped: python3-torch not installed — apt-get install python3-torch").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumLaunchOptions } from './chromium.mjs';

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
      } else skipped.push({ name, reason: t.meta?.skipReason ?? 'no reason recorded' });
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
          skipped.push({ name, reason });
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

/** Skipped tests grouped by reason, largest group first: `[{reason, count, names}]`. */
export function groupSkips(skipped) {
  const groups = new Map();
  for (const { name, reason } of skipped) {
    const group = groups.get(reason) ?? { reason, count: 0, names: [] };
    group.count += 1;
    group.names.push(name);
    groups.set(reason, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The summary lines for skipped tests: one per reason. */
export function skipLines(skipped) {
  return groupSkips(skipped).map(({ reason, count }) => `${count} skipped: ${reason}`);
}

/**
 * What to do before running `steps`, from facts about this machine (no side effects, unit-tested):
 * `install` (packages to apt-get install, each with the line that says so and whether failure is fatal) and
 * `stop` (the one line to print before exiting 1, or null).
 *   facts: { steps, root, apt, chromium: { path, overridden, exists }, torch }
 */
export function preflightPlan(facts) {
  const install = [];
  if (facts.steps.includes('e2e') && !facts.chromium.exists) {
    if (facts.chromium.overridden) {
      return {
        install: [],
        stop: `npm test: STRIDE_CHROMIUM=${facts.chromium.path} does not exist — e2e needs Chromium: unset STRIDE_CHROMIUM to use Debian's (apt-get install chromium)`,
      };
    }
    if (!(facts.root && facts.apt)) {
      return {
        install: [],
        stop: `npm test: e2e needs Debian's chromium (${facts.chromium.path} is missing) — install it: sudo apt-get install chromium`,
      };
    }
    install.push({
      packages: ['chromium'],
      say: `npm test: installing Debian's chromium (e2e needs it): apt-get install chromium`,
      optional: false,
    });
  }
  if (facts.steps.includes('unit') && !facts.torch && facts.root && facts.apt) {
    install.push({
      packages: ['python3-torch', 'python3-torchvision'],
      say: `npm test: installing python3-torch and python3-torchvision (the PyTorch oracle of the export tests): apt-get install python3-torch python3-torchvision`,
      optional: true,
    });
  }
  return { install, stop: null };
}

/** The facts preflightPlan needs, read from this machine. */
function machineFacts(steps) {
  const override = process.env.STRIDE_CHROMIUM;
  const chromium = chromiumLaunchOptions.executablePath;
  const python = process.env.STRIDE_TORCH_PYTHON ?? '/usr/bin/python3';
  const torch =
    existsSync(python) &&
    spawnSync(python, ['-c', 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("torch") else 1)'])
      .status === 0;
  return {
    steps,
    root: process.getuid?.() === 0,
    apt: spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0,
    chromium: {
      path: chromium,
      overridden: override !== undefined && override !== '',
      exists: existsSync(chromium),
    },
    torch,
  };
}

/** Runs the plan's installs; returns the line to stop with, or null. */
function runPreflight(plan) {
  if (plan.stop !== null) return plan.stop;
  let updated = false;
  for (const { packages, say, optional } of plan.install) {
    console.log(say);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!updated) updated = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env }).status === 0;
    const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      encoding: 'utf8',
      env,
    });
    if (result.status === 0) continue;
    const why = (result.stderr || result.stdout || '').trim().split('\n').at(-1) ?? '';
    if (optional)
      console.log(`npm test: could not install ${packages.join(' ')} (${why}); their tests will skip`);
    else
      return `npm test: could not install ${packages.join(' ')} (${why}) — install it: apt-get install ${packages.join(' ')}`;
  }
  return null;
}

function main() {
  const selected = steps.filter((step) => only === undefined || only.includes(step.name)).map((s) => s.name);
  // After any install, the same plan without installing: whatever is still missing stops the run here.
  const stop =
    runPreflight(preflightPlan(machineFacts(selected))) ??
    preflightPlan({ ...machineFacts(selected), root: false }).stop;
  if (stop !== null) {
    console.log(stop);
    process.exit(1);
  }

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
    for (const line of skipLines(totals.skipped)) console.log(`  ${line}`);
  }
  const anyStepFailed = stepResults.some((line) => line.includes('FAILED'));
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped.length} skipped`);
  process.exit(anyStepFailed || totals.failed > 0 ? 1 : 0);
}

// Runs when executed (`node test/run.mjs`); importing it (its own test) only gets the counting functions.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
