import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/chromium.mjs';

// Debian's Chromium, never a downloaded browser. Tests run against browser mode (`stride serve`), started by
// test/e2e/fixtures.ts, so the renderer is exercised exactly as shipped.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1440, height: 900 },
  },
});
