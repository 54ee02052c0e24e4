import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../main/cli/command';
import { summaryCommand } from '../../main/cli/commands/summary';
import { validateCommand } from '../../main/cli/commands/validate';
import type { RunningHost } from '../../main/host/index';
import { call, makeHost, tempDirs, type TempDirs } from '../main/host/helpers';
import { runCli } from '../main/cli/run-cli';
import { badCode } from './codes';
import { createRng, FUZZ_SEED } from './prng';
import { malformedProjects, type FuzzFile } from './project-mutations';

// Acceptance fuzz (issue 15): 520 malformed project files through the CLI (validate and summary, in process;
// a few through the real binary) and through the host (project.open and project.openText). Every file must
// end in an answer within 5 s: a model the analysis judged, or a refusal with a known code. No throw, no
// stack, no internal error. Deterministic: STRIDE_FUZZ_SEED=<seed> reproduces a run; failures name the case.

const COUNT = 520;
const HANG_MS = 5000;
let dirs: TempDirs;
let host: RunningHost;
let files: (FuzzFile & { path: string; file: string })[];

beforeAll(() => {
  dirs = tempDirs();
  mkdirSync(dirs.projectsDir, { recursive: true });
  files = malformedProjects(createRng(FUZZ_SEED), COUNT).map((f, i) => {
    const file = `fuzz-${i}.stride.json`;
    const path = join(dirs.projectsDir, file);
    writeFileSync(path, f.bytes);
    return { ...f, path, file };
  });
  ({ host } = makeHost(dirs));
}, 180_000); // generating and writing 520 files (a few of them megabytes) takes seconds on a loaded machine
afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

/** Runs a CLI command in this process, capturing what it prints. */
async function runInProcess(command: CliCommand, args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof out;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof err;
  const started = performance.now();
  try {
    const code = await command.run(args);
    return { code, stdout, stderr, ms: performance.now() - started };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** How the answers were distributed (printed, and checked for variety: a fuzz that hits one path proves little). */
const outcomes = new Map<string, number>();
const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

/** Problems with one CLI answer; empty when it is a proper answer. */
function cliProblems(
  run: { code: number | null; stdout: string; stderr: string; ms?: number },
  json: 'validate' | 'summary',
): string[] {
  const problems: string[] = [];
  if (run.ms !== undefined && run.ms > HANG_MS) problems.push(`took ${Math.round(run.ms)} ms`);
  if (run.code !== 0 && run.code !== 1) problems.push(`exit ${run.code}`);
  const text = `${run.stdout}${run.stderr}`;
  if (/\n\s+at |node:internal|TypeError|RangeError|Maximum call stack/.test(text))
    problems.push('a stack trace');
  if (run.stderr !== '') {
    // A refusal: one line ending in its code.
    const lines = run.stderr.trim().split('\n');
    const code = /\[([A-Z0-9_]+)\]$/.exec(lines[0] ?? '')?.[1];
    if (lines.length !== 1) problems.push(`${lines.length} lines on stderr`);
    const bad = badCode(code);
    if (bad !== null) problems.push(`stderr: ${bad}`);
    tally(`cli ${code ?? '?'}`);
    return problems;
  }
  let out: { diagnostics?: { code: unknown }[] };
  try {
    out = JSON.parse(run.stdout) as typeof out;
  } catch {
    return [...problems, `stdout is not one JSON object (${run.stdout.slice(0, 80)})`];
  }
  tally(`cli exit ${run.code}`);
  for (const d of out.diagnostics ?? []) {
    tally(`cli ${String(d.code)}`);
    const bad = badCode(d.code);
    if (bad !== null) problems.push(`${json} diagnostic: ${bad}`);
  }
  if (run.code === 1 && (out.diagnostics ?? []).length === 0) problems.push('exit 1 without a diagnostic');
  return problems;
}

describe(`fuzz: ${COUNT} malformed project files (seed ${FUZZ_SEED})`, () => {
  it('through the CLI: validate and summary answer every file, coded, in time', async () => {
    const failures: string[] = [];
    for (const f of files) {
      for (const [name, command] of [
        ['validate', validateCommand],
        ['summary', summaryCommand],
      ] as const) {
        let problems: string[];
        try {
          problems = cliProblems(await runInProcess(command, [f.path, '--json']), name);
        } catch (error) {
          problems = [`threw ${String(error).slice(0, 200)}`];
        }
        if (problems.length > 0) failures.push(`${f.name} (${name}): ${problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('through the real CLI binary: a sample, spawned', () => {
    const failures: string[] = [];
    const rng = createRng(FUZZ_SEED + 1);
    for (let i = 0; i < 6; i += 1) {
      const f = rng.pick(files);
      const run = runCli('validate', f.path, '--json');
      const problems = cliProblems(run, 'validate');
      if (problems.length > 0) failures.push(`${f.name}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('through the host: project.open and project.openText answer every file, coded, in time', async () => {
    const failures: string[] = [];
    for (const f of files) {
      const attempts: [string, () => ReturnType<typeof call>][] = [
        ['open', () => call(host, 'project', 'open', { path: f.file })],
        [
          'openText',
          () => call(host, 'project', 'openText', { name: f.file, text: f.bytes.toString('utf8') }),
        ],
      ];
      for (const [method, attempt] of attempts) {
        const started = performance.now();
        let problem: string | null;
        try {
          const result = await attempt();
          tally(`host ${result.ok ? 'opened' : result.error.code}`);
          problem = result.ok ? null : badCode(result.error.code);
          const ms = performance.now() - started;
          if (problem === null && ms > HANG_MS) problem = `took ${Math.round(ms)} ms`;
          if (!result.ok && result.error.message.length > 2100) problem = 'an uncapped message';
        } catch (error) {
          problem = `threw ${String(error).slice(0, 200)}`;
        }
        if (problem !== null) failures.push(`${f.name} (${method}): ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reached many different answers', () => {
    console.info(
      `fuzz outcomes (seed ${FUZZ_SEED}): ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
    );
    const cliCodes = [...outcomes.keys()].filter((k) => /^cli [A-Z]/.test(k));
    const hostCodes = [...outcomes.keys()].filter((k) => /^host [A-Z]/.test(k));
    expect(cliCodes.length).toBeGreaterThanOrEqual(15);
    expect(hostCodes.length).toBeGreaterThanOrEqual(5);
    expect(outcomes.get('host opened') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('cli exit 0') ?? 0).toBeGreaterThan(0);
  });
});
