import type { Browser } from '@playwright/test';

/** A real `stride serve` on a free loopback port (browser.mjs). */
export function startServer(
  hostDir: string,
  dataDir: string,
): Promise<{ url: string; origin: string; stop: () => void }>;

/** Chromium launched as the e2e suite launches it. */
export function launchChromium(): Promise<Browser>;
