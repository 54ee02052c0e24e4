#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise browser mode, said in one line.
//  1. Find the Electron binary (node_modules/electron/path.txt + dist/). If it is missing, give Electron's own
//     lazy download at most ~20 s (it fails fast where the download host is unreachable).
//  2. On Linux without a display (DISPLAY / WAYLAND_DISPLAY unset) a window cannot open: browser mode.
//  3. Build what is missing or stale (`node build.config.mjs all`), then run Electron on app/.
//  Otherwise: print ONE line saying why, then `stride serve` (which prints the URL to open).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const DOWNLOAD_BUDGET_MS = 20_000;

function electronDir() {
  try {
    return join(require.resolve('electron/package.json', { paths: [root] }), '..');
  } catch {
    return null;
  }
}

/** The executable if it is present; never triggers a download (require('electron') would). */
function installedBinary(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Returns { binary } or { reason }. */
function findElectron() {
  if (process.env.STRIDE_BROWSER_MODE === '1') return { reason: 'STRIDE_BROWSER_MODE=1 is set' };
  const dir = electronDir();
  if (dir === null) return { reason: 'the electron package is not installed' };
  const present = installedBinary(dir);
  if (present !== null) return { binary: present };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { reason: 'download skipped: ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  const download = spawnSync(process.execPath, [join(dir, 'install.js')], {
    cwd: dir,
    stdio: 'ignore',
    timeout: DOWNLOAD_BUDGET_MS,
  });
  const fetched = installedBinary(dir);
  if (fetched !== null) return { binary: fetched };
  if (download.error && download.error.code === 'ETIMEDOUT')
    return { reason: `its download did not finish within ${DOWNLOAD_BUDGET_MS / 1000} s` };
  return { reason: 'download blocked' };
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

function buildIfStale() {
  const outputs = ['main/index.cjs', 'preload/index.cjs', 'renderer/index.html'].map((f) =>
    join(root, 'app', 'dist', f),
  );
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(...['main', 'renderer', 'shared'].map((d) => newest(join(root, d))));
  if (built >= sources) return true;
  const result = spawnSync(process.execPath, [join(root, 'build.config.mjs'), 'all'], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status === 0;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  const found = findElectron();
  let reason = found.reason;
  if (reason === undefined && !hasDisplay()) reason = 'no display (DISPLAY/WAYLAND_DISPLAY unset)';
  if (reason !== undefined) {
    process.stderr.write(`Electron binary not available (${reason}); starting browser mode\n`);
    run(process.execPath, [join(root, 'main', 'cli', 'bin.cjs'), 'serve', ...process.argv.slice(2)]);
    return;
  }
  if (!buildIfStale()) {
    process.stderr.write('stride: the build failed; see the messages above.\n');
    process.exit(1);
  }
  // Chromium will not start its OS sandbox as root (containers): say so rather than crash. The renderer's
  // own sandbox (no Node, contextIsolation) is unaffected.
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  if (asRoot)
    process.stderr.write('stride: running as root, so Chromium runs without its OS sandbox (--no-sandbox)\n');
  run(found.binary, [...(asRoot ? ['--no-sandbox'] : []), join(root, 'app'), ...process.argv.slice(2)]);
}

main();
