import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs, type TempDirs } from '../host/helpers';

// `stride serve` as a user runs it: the real CLI entry, a real process, its first stdout line.

const bin = join(process.cwd(), 'main', 'cli', 'bin.cjs');
const FIRST_LINE = /^Stride is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]{43})$/;
const running: ChildProcess[] = [];
const dirsList: TempDirs[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dirs of dirsList.splice(0)) dirs.cleanup();
});

function serve(args: string[]): { child: ChildProcess; firstLine: Promise<string>; dirs: TempDirs } {
  const dirs = tempDirs();
  dirsList.push(dirs);
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--host-dir', dirs.projectsDir, '--data-dir', dirs.dataDir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.push(child);
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing: ${err}`)));
  });
  return { child, firstLine, dirs };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('stride serve', () => {
  it('prints the URL as its first line, serves the page with the token only, and stops cleanly', async () => {
    const { child, firstLine } = serve(['--port', '0']);
    const line = await firstLine;
    const match = FIRST_LINE.exec(line);
    expect(match, line).not.toBeNull();
    const [, origin, , token] = match!;
    const page = await fetch(`${origin}/?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=${'A'.repeat(43)}`)).status).toBe(403);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('listens on the port it was given', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const { firstLine } = serve(['--port', String(port)]);
    expect(await firstLine).toContain(`http://127.0.0.1:${port}/?token=`);
  });

  it('fails with one line when the port is taken, and on bad options', async () => {
    const { firstLine, dirs } = serve([]);
    const port = FIRST_LINE.exec(await firstLine)?.[2];
    const taken = spawnSync(process.execPath, [bin, 'serve', '--port', port!, '--data-dir', dirs.dataDir], {
      encoding: 'utf8',
    });
    expect(taken.status).toBe(1);
    expect(taken.stdout).toBe('');
    expect(taken.stderr).toContain(`port ${port} is in use`);
    for (const args of [['--port', 'abc'], ['--port'], ['--bogus']]) {
      const bad = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8' });
      expect(bad.status, args.join(' ')).toBe(1);
      expect(bad.stderr).toContain('stride serve:');
    }
  });
});
