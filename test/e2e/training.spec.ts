import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { canvasReady } from './designer-helpers';
import { openTrainingTab, pointsDrawn, setRun, startFrameProbe, stopFrameProbe } from './training-helpers';

/**
 * Issue 5's acceptance scenario, end to end in browser mode on the real training worker: open the seed Keras
 * network, train it on MNIST (the first images only, so the test stays near a minute), watch the loss curve
 * grow while an animation-frame probe checks the page stays responsive, stop, find the run with its confusion
 * matrix and filters, train it again with another optimizer, and compare both. On the way it writes the
 * README's screenshots (test-results/screenshots; `STRIDE_UPDATE_SCREENSHOTS=1` also docs/screenshots).
 */
const outDirs = [join('test-results', 'screenshots')];
if (process.env.STRIDE_UPDATE_SCREENSHOTS === '1') outDirs.push(join('docs', 'screenshots'));
// A page that the training stream blocks shows gaps of seconds; this e2e asserts only that it never freezes.
// The 100 ms frame-gap target is measured by the training-UI benchmark (test/bench/training-ui.bench.mjs),
// where a missed target fails `npm run bench`: on a loaded 2-core machine a 100 ms bound here measured the
// machine (one run at load 18 gave 100.1 ms), not the page.
const MAX_FRAME_GAP_MS = 1000;

test('train on MNIST, stop, inspect the run, duplicate it with another optimizer and compare', async ({
  page,
  strideUrl,
}) => {
  test.setTimeout(240_000);
  const shoot = async (name: string) => {
    for (const dir of outDirs) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`) });
    }
  };
  // The acceptance size: the training workspace at 1280×800 shows the live loss chart at ≥ 600×300 px.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${strideUrl}&preset=mnist-keras`);
  await canvasReady(page);
  await openTrainingTab(page);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByText(/^Device:/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('memory-estimate')).toContainText(/Memory estimate: [\d.]+ MiB/);
  // 113 batches an epoch: the stop below must land before the run ends, which 34 batches an epoch did not
  // always leave room for on a loaded machine (the run completed while the page was still probing frames).
  await setRun(page, { limit: 4000, epochs: 2, batchSize: 32 });

  // Start, and watch the curve grow while the page keeps drawing frames.
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('Training', { timeout: 60_000 });
  await expect.poll(() => pointsDrawn(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await startFrameProbe(page);
  const early = await pointsDrawn(page);
  const probing = Date.now();
  // At least 2 s of frames while the curve grows by 8 points.
  await expect
    .poll(async () => (await pointsDrawn(page)) >= early + 8 && Date.now() - probing >= 2000, {
      timeout: 30_000,
    })
    .toBe(true);
  const { gaps, longTasks } = await stopFrameProbe(page);
  const chart = await page.getByTestId('loss-chart').boundingBox();
  expect(chart?.width ?? 0, 'live loss chart width').toBeGreaterThanOrEqual(600);
  expect(chart?.height ?? 0, 'live loss chart height').toBeGreaterThanOrEqual(300);
  expect(gaps.length).toBeGreaterThan(30);
  const worst = Math.max(...gaps);
  console.log(
    `frame probe while training: ${gaps.length} frames, worst gap ${worst.toFixed(1)} ms, ` +
      `over ${MAX_FRAME_GAP_MS} ms: ${gaps.filter((g) => g > MAX_FRAME_GAP_MS).length}; ` +
      `long tasks: [${longTasks.join(', ')}] ms; load average ${loadavg()[0]?.toFixed(2)}`,
  );
  expect(worst, 'the page never freezes while training').toBeLessThanOrEqual(MAX_FRAME_GAP_MS);
  await expect(page.getByTestId('train-progress')).toContainText(/Epoch \d\/2 · batch \d+\/113/);

  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('run-status')).toHaveText('Stopped', { timeout: 60_000 });

  // The run is listed; its confusion matrix and filters are there.
  await page.getByRole('tab', { name: /^Runs/ }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  const first = runs.locator('tbody tr').first();
  await expect(first).toContainText('Stopped', { timeout: 15_000 });
  // The server (one per Playwright worker) may hold runs of earlier specs (the torch-trained run): count from here.
  const listed = await runs.locator('tbody tr').count();
  await first.getByRole('button', { name: /^Open / }).click();
  const view = page.getByRole('region', { name: /^Run: / });
  await expect(view.getByTestId('run-loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await view.getByRole('tab', { name: 'Confusion matrix' }).click();
  const matrix = view.getByTestId('confusion-matrix');
  await expect(matrix.locator('tbody tr')).toHaveCount(10);
  // A diagonal cell with images (which digits a briefly trained net gets right varies with the machine's pace).
  const hit = matrix.getByRole('button', { name: /^True (\d), predicted \1: [1-9]/ }).first();
  const digit = /^True (\d)/.exec((await hit.getAttribute('aria-label')) ?? '')?.[1] ?? '?';
  await hit.click();
  // The first images start the inspection worker (tfjs and the dataset load): seconds on a loaded machine.
  await expect(
    view.getByRole('img', { name: new RegExp(`^Test image \\d+: ${digit}, predicted ${digit}`) }).first(),
  ).toBeVisible({ timeout: 60_000 });
  await view.getByRole('tab', { name: 'Filters' }).click();
  await expect(view.getByTestId('filters-grid').getByRole('img', { name: /^Filter \d+/ })).toHaveCount(32);
  // Seed 000: the same filters before training (as initialised, biases still zero).
  await view.getByRole('button', { name: 'Before training' }).click();
  await expect(view.getByText(/as initialised, before training\.$/)).toBeVisible();
  await expect(
    view.getByTestId('filters-grid').getByRole('img', { name: /^Filter \d+, bias 0\.000$/ }),
  ).toHaveCount(32);
  await view.getByRole('button', { name: 'After training' }).click();
  await expect(view.getByText(/, after training\.$/)).toBeVisible();

  // The seed 002 exercise: the same run with RMSProp, then both side by side.
  await view.getByRole('button', { name: 'Duplicate with another optimizer…' }).click();
  const duplicate = page.getByRole('dialog', { name: 'Duplicate run with another optimizer' });
  await expect(duplicate.getByRole('checkbox', { name: /^RMSProp/ })).toBeChecked();
  await duplicate.getByRole('button', { name: 'Train 1 run' }).click();
  await view.getByRole('button', { name: 'Close' }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(listed + 1, { timeout: 30_000 });
  await expect(runs.locator('tbody tr').first()).toContainText('RMSProp');
  await expect(runs.locator('tbody tr').first()).toContainText('Completed', { timeout: 120_000 });
  await page.getByRole('tab', { name: /^Train$/ }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Completed');
  // The README's training workspace at both sizes, light and dark; the loss chart keeps its acceptance size.
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    for (const theme of ['dark', 'light'] as const) {
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const box = await page.getByTestId('loss-chart').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(600);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(300);
      await shoot(`training-${size.width}-${theme}`);
    }
  }

  // The finished run's filters, each over its response to a test image.
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await runs
    .locator('tbody tr')
    .first()
    .getByRole('button', { name: /^Open / })
    .click();
  await view.getByRole('tab', { name: 'Filters' }).click();
  const grid = view.getByTestId('filters-grid');
  await expect(grid.getByRole('img', { name: /^Response of filter \d+/ })).toHaveCount(32, {
    timeout: 60_000,
  });
  await shoot('filters');
  await view.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('compare-open').click();
  const compare = page.getByRole('region', { name: 'Compare runs and networks' });
  const table = compare.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('Adam');
  await expect(table).toContainText('RMSProp');
  await expect(compare.getByTestId('compare-loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect(compare.getByRole('img', { name: /^Accuracy vs parameters/ })).toBeVisible();
  await expect(compare.getByTestId('compare-structure').locator('tbody tr')).toHaveCount(5);
  // A preset joins untrained: sizes only.
  await compare.getByRole('checkbox', { name: /^LeNet-5/ }).check();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').nth(2)).toContainText('61,706');
  // …at its paper's accuracy, beside the runs at theirs.
  await expect(table.locator('tbody tr').nth(2)).toContainText('99.05% accuracy on MNIST');
  await shoot('compare');
});
