import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs, type TempDirs } from '../host/helpers';

// `npm start` where Electron cannot run: one line saying why on stderr, then browser mode's URL line.

const root = process.cwd();
function electronBinaryPresent(): boolean {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

let dirs: TempDirs | null = null;
afterEach(() => dirs?.cleanup());

describe('npm start (main/electron/launch.cjs)', () => {
  it('falls back to browser mode with one line saying why, then prints the URL', async () => {
    dirs = tempDirs();
    // Where the binary exists, force the fallback so the same path is exercised; never try the download here
    // (it would reach for GitHub on every test run).
    const env = {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ...(electronBinaryPresent() ? { STRIDE_BROWSER_MODE: '1' } : {}),
    };
    const child = spawn(
      process.execPath,
      [
        join(root, 'main', 'electron', 'launch.cjs'),
        '--port',
        '0',
        '--host-dir',
        dirs.projectsDir,
        '--data-dir',
        dirs.dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`launch exited (${code}): ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(firstLine).toMatch(/^Stride is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const why = stderr.split('\n').filter((line) => line.startsWith('Electron binary not available'));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/^Electron binary not available \(.+\); starting browser mode$/);
  });
});
