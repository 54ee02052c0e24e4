import { _electron as electron } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithReason } from '../../setup/skip';

// The real desktop app: Electron launched on app/ by Playwright, a window, a contract round trip over IPC.
// Runs where the Electron binary exists (node_modules/electron/dist, or STRIDE_ELECTRON_PATH) and a display
// does (DISPLAY, or Xvfb started here); otherwise it is skipped with the reason, never counted as passed.

const root = process.cwd();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function electronBinary(): string | string[] {
  const override = process.env.STRIDE_ELECTRON_PATH;
  if (override !== undefined && override !== '')
    return existsSync(override) ? override : [`STRIDE_ELECTRON_PATH=${override} does not exist`];
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return [
      'Electron binary not available (node_modules/electron has no path.txt: its download is blocked here)',
    ];
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : [`Electron binary not available (${binary} is missing)`];
}

/** A display for the window: the current one, or a private Xvfb. Returns the DISPLAY value or a reason. */
async function display(): Promise<string | string[]> {
  if (process.platform !== 'linux') return '';
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0)
    return ['no display: DISPLAY unset and Xvfb not installed'];
  // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it accepts clients (no guessing,
  // no waiting a fixed time for it to come up).
  const xvfb: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  cleanups.push(() => {
    xvfb.kill('SIGTERM');
  });
  const ready = await new Promise<string | null>((resolve) => {
    let text = '';
    xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('exit', () => resolve(null));
  });
  if (ready === null || !/^\d+$/.test(ready)) return ['no display: Xvfb did not start'];
  return `:${ready}`;
}

describe('Electron smoke test', () => {
  it('launches, shows one window and answers app.info over IPC', async (ctx) => {
    const binary = electronBinary();
    if (Array.isArray(binary)) return skipWithReason(ctx, binary[0]!);
    const screen = await display();
    if (Array.isArray(screen)) return skipWithReason(ctx, screen[0]!);

    const build = spawnSync(process.execPath, ['build.config.mjs', 'all'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const data = mkdtempSync(join(tmpdir(), 'stride-smoke-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));

    const app = await electron.launch({
      executablePath: binary,
      // Chromium refuses to run its OS sandbox as root (CI containers); the renderer sandbox flag still applies.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(root, 'app')],
      env: {
        ...process.env,
        DISPLAY: screen,
        STRIDE_USER_DATA_DIR: join(data, 'userData'),
        STRIDE_PROJECTS_DIR: join(data, 'projects'),
      },
      timeout: 60_000,
    });
    cleanups.push(() => app.close());
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://stride/index.html');

    const info = await page.evaluate(() => window.stride.app.info({}));
    expect(info).toMatchObject({ ok: true, value: { name: 'Stride', mode: 'electron' } });
    const isolated = await page.evaluate(() =>
      ['require', 'process', 'ipcRenderer'].filter((name) => name in window),
    );
    expect(isolated).toEqual([]);

    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible())),
      )
      .toEqual([true]);
  });
});
