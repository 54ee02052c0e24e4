// What the browser-mode benchmarks share: a real `stride serve` on a free loopback port, and Chromium
// launched as the e2e suite launches it.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumLaunchOptions } from '../chromium.mjs';

export async function startServer(hostDir, dataDir) {
  const child = spawn(
    process.execPath,
    ['main/cli/bin.cjs', 'serve', '--port', '0', '--host-dir', hostDir, '--data-dir', dataDir],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`stride serve exited with ${code}`)));
  });
  const match = /^Stride is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/.exec(line);
  if (match === null) throw new Error(`unexpected first line: ${line}`);
  return { url: match[1], origin: new URL(match[1]).origin, stop: () => child.kill('SIGTERM') };
}

export function launchChromium() {
  return chromium.launch(chromiumLaunchOptions);
}
