import { expect, type Page } from '@playwright/test';

/** Training-tab helpers for the e2e specs (browser mode, real `stride serve`, real training worker). */

/** The training workspace (the Training view beside the designer), on its Train tab. */
export async function openTrainingTab(page: Page): Promise<void> {
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('tab', { name: /^Train$/ }).click();
  await expect(page.getByTestId('train-start')).toBeVisible();
}

/** Fills the run settings that keep an e2e run short (MNIST, the first `limit` images). */
export async function setRun(
  page: Page,
  settings: { limit: number; epochs: number; batchSize: number },
): Promise<void> {
  await page.getByLabel('Dataset', { exact: true }).selectOption('mnist');
  await page.getByLabel('Limit (images)', { exact: true }).fill(String(settings.limit));
  await page.getByLabel('Epochs', { exact: true }).fill(String(settings.epochs));
  await page.getByLabel('Batch size', { exact: true }).fill(String(settings.batchSize));
}

export const pointsDrawn = async (page: Page, testId = 'loss-chart'): Promise<number> =>
  Number((await page.getByTestId(testId).getAttribute('data-points')) ?? '0');

interface ProbeWindow {
  __frames: { at: number; gap: number }[];
  __longTasks: { start: number; duration: number }[];
  __probing: boolean;
}

/**
 * Starts recording the gaps between animation frames (the page is janky when one exceeds ~100 ms) and the
 * page's long tasks. A gap during which the page ran a long task is the page's doing; a gap without one means
 * the renderer was idle but not scheduled (a loaded machine), which no code in the page can change.
 */
export async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__frames = [];
    w.__longTasks = [];
    w.__probing = true;
    new PerformanceObserver((list) => {
      if (w.__probing)
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const loop = (t: number) => {
      w.__frames.push({ at: t, gap: t - last });
      last = t;
      if (w.__probing) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

export interface FrameProbe {
  /** Every gap between two frames, ms. */
  readonly gaps: number[];
  /** The gaps during which the page ran a long task (those the page caused), ms. */
  readonly busyGaps: number[];
  readonly longTasks: number[];
}

export async function stopFrameProbe(page: Page): Promise<FrameProbe> {
  const { frames, longTasks } = await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__probing = false;
    return { frames: w.__frames.slice(1), longTasks: w.__longTasks };
  });
  const busy = (f: { at: number; gap: number }) =>
    longTasks.some((l) => l.start < f.at && l.start + l.duration > f.at - f.gap);
  return {
    gaps: frames.map((f) => f.gap),
    busyGaps: frames.filter(busy).map((f) => f.gap),
    longTasks: longTasks.map((l) => Math.round(l.duration)),
  };
}
