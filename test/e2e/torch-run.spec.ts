import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { canvasReady } from './designer-helpers';

/**
 * A run trained by the torch rung (PyTorch through `stride train --backend torch`, into this server's data
 * folder) opens in the app like any run: listed with its backend, its curves, confusion matrix, filters before
 * and after, and the feature maps the inspector computes from the saved tfjs model (weights torch trained,
 * converted to the tfjs layout). Needs Debian's python3-torch; skipped with the reason printed without it.
 */
// Debian's python3 (a pyenv python3 without torch may come first on PATH); STRIDE_TORCH_PYTHON overrides.
const PYTHON = process.env.STRIDE_TORCH_PYTHON ?? '/usr/bin/python3';

function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found (install Debian's python3-torch)`;
  const run = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
  return run.status === 0 ? null : `${PYTHON} has no torch module (install Debian's python3-torch)`;
}

test('a torch-trained run opens in the run view: curves, confusion matrix, filters, feature maps', async ({
  page,
  strideServer,
  strideUrl,
}) => {
  test.setTimeout(300_000);
  const missing = torchMissing();
  if (missing !== null) console.warn(`[skipped] torch-trained run in the app: ${missing}`);
  test.skip(missing !== null, missing ?? '');
  const train = spawnSync(
    process.execPath,
    [
      join('app', 'dist', 'cli', 'index.cjs'),
      'train',
      'preset:mnist-keras',
      '--dataset',
      'mnist-10k',
      '--limit',
      '320',
      '--epochs',
      '1',
      '--backend',
      'torch',
      '--json',
      '--out',
      join(strideServer.dataDir, 'runs'),
    ],
    { encoding: 'utf8', timeout: 240_000, env: { ...process.env, STRIDE_PYTHON: PYTHON } },
  );
  expect(train.status, train.stderr).toBe(0);
  const events = train.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; backend?: string });
  expect(events.find((e) => e.type === 'start')?.backend).toBe('torch');
  expect(events.some((e) => e.type === 'end')).toBe(true);

  await page.goto(`${strideUrl}&preset=mnist-keras`);
  await canvasReady(page);
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('tab', { name: /^Runs/ }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  const row = runs.locator('tbody tr').first();
  await expect(row).toContainText('Completed', { timeout: 30_000 });
  await expect(row.getByRole('cell', { name: 'torch', exact: true })).toBeVisible();
  await row.getByRole('button', { name: /^Open / }).click();
  const view = page.getByRole('region', { name: /^Run: / });
  await expect(view.getByTestId('run-loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await view.getByRole('tab', { name: 'Confusion matrix' }).click();
  await expect(view.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(10);
  await view.getByRole('tab', { name: 'Filters' }).click();
  await expect(view.getByTestId('filters-grid').getByRole('img', { name: /^Filter \d+/ })).toHaveCount(32);
  await view.getByRole('button', { name: 'Before training' }).click();
  await expect(
    view.getByTestId('filters-grid').getByRole('img', { name: /^Filter \d+, bias 0\.000$/ }),
  ).toHaveCount(32);
  // After training the biases moved: torch's trained weights came back into the run's files.
  await view.getByRole('button', { name: 'After training' }).click();
  await expect(view.getByText(/, after training\.$/)).toBeVisible();
  await expect(
    view.getByTestId('filters-grid').getByRole('img', { name: /^Filter \d+, bias 0\.000$/ }),
  ).not.toHaveCount(32);
  // Feature maps: computed by the inspector from the saved tfjs model (the weights torch trained).
  await view.getByRole('tab', { name: 'Feature maps' }).click();
  await expect(view.getByRole('region', { name: 'Feature maps of conv2d_3' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(view.getByRole('region', { name: /^Feature maps of / })).toHaveCount(3);
});
