import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../../../shared/presets';
import { skipWithReason } from '../../setup/skip';
import { PYTHON, runPython, torchMissing } from '../../shared/codegen/python';
import { runCli } from './run-cli';

/**
 * `stride export --format pytorch -o 'm"""+__import__("os").system("touch PWN")+""".py'` wrote the output
 * name unescaped into the module docstring: the file ran the command when executed. The name now reaches the
 * file through pyDocstring (shared/codegen/escape.ts), shell-quoted in the usage line.
 */
const dir = mkdtempSync(join(tmpdir(), 'stride-inject-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE_FILE = 'm"""+__import__("os").system("touch PWN")+""".py';
const CHECKER = join(__dirname, '..', '..', 'shared', 'codegen', 'check_exports.py');

describe('stride export with a hostile output name', () => {
  const out = join(dir, HOSTILE_FILE);
  const name = getPreset('mnist-keras')?.build().name ?? '';
  let exported: ReturnType<typeof runCli>;
  beforeAll(() => {
    exported = runCli('export', 'preset:mnist-keras', '--format', 'pytorch', '-o', out);
  });

  it('writes a PyTorch file whose docstring holds the name as text: it parses and calls nothing', (ctx) => {
    expect(exported.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    if (!existsSync(PYTHON)) return skipWithReason(ctx, `${PYTHON} not found: the export is not parsed`);
    const manifest = join(dir, 'manifest.json');
    const usage = `Train: python '${HOSTILE_FILE}' --help`;
    writeFileSync(manifest, JSON.stringify({ strings: [], files: [{ path: out, name, usage }] }));
    const check = runPython([CHECKER, manifest], { timeoutMs: 60_000 });
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toEqual({ failures: [] });
  });

  it('running the file (python3 FILE --help) does not run the command', (ctx) => {
    expect(existsSync(out)).toBe(true);
    const work = mkdtempSync(join(dir, 'run-'));
    const run = runPython([out, '--help'], { cwd: work, timeoutMs: 180_000 });
    const missing = torchMissing(run);
    if (missing !== null) return skipWithReason(ctx, `${missing}: the export cannot be run`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Train MNIST');
    expect(readdirSync(work)).toEqual([]);
    expect(existsSync(join(process.cwd(), 'PWN'))).toBe(false);
  });
});
