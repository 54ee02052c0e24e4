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
  await page.getByLabel('Dataset', { exact: true }).selectOption('mnist-10k');
  await page.getByLabel('Limit (images)', { exact: true }).fill(String(settings.limit));
  await page.getByLabel('Epochs', { exact: true }).fill(String(settings.epochs));
  await page.getByLabel('Batch size', { exact: true }).fill(String(settings.batchSize));
}

export const pointsDrawn = async (page: Page, testId = 'loss-chart'): Promise<number> =>
  Number((await page.getByTestId(testId).getAttribute('data-points')) ?? '0');

interface ProbeWindow {
  __gaps: number[];
  __longTasks: number[];
  __probing: boolean;
}

/**
 * Starts recording the gaps between animation frames (the page is janky when one exceeds ~100 ms) and the
 * page's long tasks (a gap without a long task means the renderer was not scheduled, not that it was busy).
 */
export async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__gaps = [];
    w.__longTasks = [];
    w.__probing = true;
    new PerformanceObserver((list) => {
      if (w.__probing) for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const loop = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      if (w.__probing) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

export async function stopFrameProbe(page: Page): Promise<{ gaps: number[]; longTasks: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__probing = false;
    return { gaps: w.__gaps.slice(1), longTasks: w.__longTasks };
  });
}
