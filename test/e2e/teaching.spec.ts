import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { canvasReady, node } from './designer-helpers';
import { openTrainingTab, setRun } from './training-helpers';

/**
 * Issue 14's lessons end to end in browser mode (the fixtures fail a test on any request that leaves the
 * machine): every lesson opens by URL — also beside the token and a preset — and shows the lecture notes'
 * numbers; the keyboard steps the convolution; "Explain this layer" fills the explainer with a node's sizes;
 * predict mode grades a right and a wrong answer on a preset; the activations overview of a trained run opens the
 * explainer on the exact window behind a pixel, whose sum matches the model. Writes the README's lesson
 * screenshots (test-results/screenshots; `STRIDE_UPDATE_SCREENSHOTS=1` also docs/screenshots).
 */
const outDirs = [join('test-results', 'screenshots')];
if (process.env.STRIDE_UPDATE_SCREENSHOTS === '1') outDirs.push(join('docs', 'screenshots'));

async function shoot(page: Page, name: string): Promise<void> {
  for (const dir of outDirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`) });
  }
}

const lessons = (page: Page) => page.getByRole('dialog', { name: /^Lessons — / });
const cells = (grid: Locator) => grid.locator(':scope > *').allTextContents();
const output = (page: Page) => page.getByTestId('explainer-output');

test('the convolution lesson: the notes’ example, padding, keyboard stepping, im2col', async ({
  page,
  strideUrl,
}) => {
  await page.goto(`${strideUrl}&lesson=conv`);
  await expect(lessons(page)).toHaveAccessibleName('Lessons — Convolution, step by step');
  await expect.poll(() => cells(output(page))).toEqual(['15', '16', '6', '15']);
  const sum = page.getByTestId('explainer-sum');
  await expect(sum).toContainText('1·2 + 2·0 + 3·1 + 0·0 + 1·1 + 2·2 + 3·1 + 0·0 + 1·2 = 15');
  await expect(page.getByTestId('explainer-formulas')).toContainText('H: (4 + 2·0 − 3)/1 + 1 = 2');
  await expect(page.getByTestId('im2col-shape')).toContainText(
    '(N·OH·OW, C·FH·FW) = (1·3·3, 3·5·5) = (9, 75)',
  );
  await shoot(page, 'lesson-conv');

  // Keyboard: → moves the window one column right; the written sum and the highlighted cells follow.
  const windowCells = () => page.locator('.explainer-stage .in-window').allTextContents();
  const before = await windowCells();
  await expect(output(page).locator('.is-current')).toHaveText('15');
  await page.getByRole('region', { name: /^Convolution explainer/ }).press('ArrowRight');
  await expect(sum).toContainText('2·2 + 3·0 + 0·1 + 1·0 + 2·1 + 3·2 + 0·1 + 1·0 + 2·2 = 16');
  await expect(output(page).locator('.is-current')).toHaveText('16');
  expect(await windowCells()).not.toEqual(before);
  await expect(page.getByTestId('explainer-step')).toContainText('Step 2 of 4');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('explainer-step')).toContainText('Step 1 of 4');
  // Space plays to the last step.
  await page.keyboard.press(' ');
  await expect(page.getByTestId('explainer-step')).toContainText('Step 4 of 4', { timeout: 10_000 });
  await expect(sum).toContainText('= 15');

  // Padding 1 (seed 000): the 4×4 result.
  const settings = page.getByRole('group', { name: 'Convolution settings' });
  await settings.getByLabel('Padding', { exact: true }).selectOption('P');
  await settings.getByLabel('Padding P').fill('1');
  await expect
    .poll(() => cells(output(page)))
    .toEqual(['7', '12', '10', '2', '4', '15', '16', '10', '10', '6', '15', '6', '8', '10', '4', '3']);
  await expect(page.getByTestId('explainer-formulas')).toContainText('H: (4 + 2·1 − 3)/1 + 1 = 4');
  await expect(page.locator('.explainer-stage .is-pad').first()).toBeVisible();
});

test('pooling, softmax, sizes and architecture lessons open by URL with the notes’ numbers', async ({
  page,
  strideUrl,
}) => {
  await page.goto(`${strideUrl}&lesson=pool`);
  await expect.poll(() => cells(output(page))).toEqual(['2', '3', '4', '2']);
  await expect(page.getByTestId('explainer-sum')).toContainText('max(1, 2, 0, 1) = 2');
  await expect(page.getByTestId('explainer-params')).toHaveText('0');
  await shoot(page, 'lesson-pool');
  await page.getByRole('radio', { name: 'Average' }).click();
  await expect.poll(() => cells(output(page))).toEqual(['1', '1.5', '2.25', '1']);
  await page.getByRole('radio', { name: 'Min' }).click();
  await expect.poll(() => cells(output(page))).toEqual(['0', '0', '0', '0']);

  await page.goto(`${strideUrl}&lesson=softmax`);
  await expect(page.getByTestId('softmax-prob')).toHaveText(['0.2297', '0.7703']);
  await expect(page.getByTestId('softmax-loss')).toHaveText('L = −ln p2 = −ln 0.7703 = 0.261');
  await page.getByRole('button', { name: 'Take a gradient step' }).click();
  await expect(page.getByTestId('softmax-history').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('softmax-history')).toContainText('after step 1: L = 0.1');
  await page.getByRole('button', { name: 'Lecture example' }).click();
  await shoot(page, 'lesson-softmax');

  // A lesson beside a preset: both open.
  await page.goto(`${strideUrl}&preset=lenet5&lesson=sizes`);
  await expect(page.getByTestId('sizes-formula')).toHaveText('O = (5 + 2·0 − 3)/1 + 1 = 3');
  const table = page.getByTestId('stride-table');
  await expect(table.locator('tbody tr')).toHaveText([/5×5$/, /3×3$/, /= 2\.33.*2×2 \(floor; doesn’t fit\)/]);
  await shoot(page, 'lesson-sizes');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page).not.toHaveURL(/lesson=/);
  await expect(page).toHaveURL(/preset=lenet5/);
  await expect(node(page, 'c1')).toBeVisible();

  await page.goto(`${strideUrl}&lesson=architectures`);
  const history = page.getByTestId('history');
  await expect(history.locator(':scope > li')).toHaveCount(11);
  await expect(page.getByTestId('published-alexnet')).toHaveText('15.3% top-5 error on ImageNet (7 models)');
  await expect(page.getByTestId('published-lenet5')).toHaveText('99.05% accuracy on MNIST');
  await expect(page.getByTestId('depth-vgg16')).toHaveText('16 weight layers');
  await expect(page.getByTestId('params-vgg16')).toHaveText(/^138\.\d+ M/);
  await shoot(page, 'lesson-architectures');
  await page.getByTestId('history-compare').click();
  await expect(page).not.toHaveURL(/lesson=/);
  const compare = page.getByRole('region', { name: 'Compare runs and networks' });
  await expect(compare.getByTestId('compare-table').locator('tbody tr')).toHaveCount(11);
  // U-Net's published figure is an IoU, no accuracy: it stands on the size axis, not among the points.
  await expect(compare.getByTestId('scatter-params').locator('[data-entry] path')).toHaveCount(10);
});

test('the gallery lists the lessons; one opens from there and its address names it', async ({
  page,
  strideUrl,
}) => {
  await page.goto(`${strideUrl}&preset=lenet5`);
  await canvasReady(page);
  await page.getByRole('button', { name: /^New/ }).click();
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await page.getByRole('button', { name: 'Open lesson Pooling' }).click();
  await expect(lessons(page)).toHaveAccessibleName('Lessons — Pooling');
  await expect(page).toHaveURL(/lesson=pool/);
  // The bridge takes the token out of the address bar (a cookie keeps reloads working); the lesson stays.
  await expect(page).toHaveURL(/preset=lenet5/);
  await page.getByRole('button', { name: 'Softmax and cross-entropy' }).click();
  await expect(page).toHaveURL(/lesson=softmax/);
  await page.reload();
  await expect(lessons(page)).toHaveAccessibleName('Lessons — Softmax and cross-entropy');
});

test('Explain this layer fills the explainer with the node’s real sizes', async ({ page, strideUrl }) => {
  await page.goto(`${strideUrl}&preset=mnist-keras`);
  await canvasReady(page);
  await page.getByRole('button', { name: 'conv2d_4 (Conv2D)' }).click();
  await page.getByTestId('explain-layer').click();
  await expect(lessons(page)).toHaveAccessibleName('Lessons — Convolution, step by step');
  await expect(page.getByTestId('explain-banner')).toContainText('14×14×32');
  await expect(page.getByTestId('explain-params')).toHaveText('3·3·32·64 + 64 = 18,496');
  await expect(page.getByTestId('explain-receptive-field')).toContainText('8×8');
  await expect(page.getByTestId('explainer-params')).toContainText('3·3·32·64 + 64 = 18,496');
  await expect(page.getByLabel('Channels C')).toHaveValue('32');
  await expect(page.getByLabel('Filters F')).toHaveValue('64');
  await expect(page).toHaveURL(/lesson=conv/);
});

test('predict mode on a preset hides the numbers and grades a right and a wrong answer', async ({
  page,
  strideUrl,
}) => {
  await tallBottomPanel(page, 380);
  await page.goto(`${strideUrl}&preset=mnist-keras&predict=1`);
  await canvasReady(page);
  await expect(node(page, 'conv2d_4').getByTestId('node-shape')).toHaveText('?');
  await expect(node(page, 'input').getByTestId('node-shape')).toHaveText('28×28×1');
  await expect(page.getByTestId('total-params')).toHaveText('—');
  // The activation memory is the sum of every output's size: hidden too.
  await expect(page.getByRole('contentinfo', { name: 'Model totals' })).not.toContainText('KiB');
  await page.getByLabel('Output shape of conv2d_4').fill('14×14×64');
  await page.getByLabel('Parameters of conv2d_4').fill('18,496');
  await page.getByLabel('Output shape of max_pooling2d_5').fill('4×4×64');
  await page.getByRole('button', { name: 'Check answers' }).click();
  const row = (id: string) => page.locator(`tr[data-node="${id}"]`);
  await expect(row('conv2d_4').getByRole('img', { name: 'right' })).toHaveCount(2);
  await expect(row('max_pooling2d_5').getByRole('img', { name: 'wrong' })).toBeVisible();
  await expect(page.getByTestId('worked-max_pooling2d_5')).toContainText('3×3×64');
  await expect(page.getByTestId('worked-max_pooling2d_5')).toContainText('H: ⌊(7 + 2·0 − 2)/2⌋ + 1 = 3');
  await expect(page.getByTestId('predict-score')).toHaveText('Score 2 / 18 (15 not answered)');
  await expect(node(page, 'conv2d_4').locator('.layer-node')).toHaveClass(/predict-right/);
  await expect(node(page, 'max_pooling2d_5').locator('.layer-node')).toHaveClass(/predict-wrong/);
  await shoot(page, 'predict');
  await page.getByRole('button', { name: 'Stop predicting' }).click();
  await expect(node(page, 'conv2d_4').getByTestId('node-shape')).toHaveText('14×14×64');
});

test('the activations overview of a trained run opens the explainer on the window behind a pixel', async ({
  page,
  strideUrl,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${strideUrl}&preset=mnist-keras`);
  await canvasReady(page);
  // A short real run, started from the Training tab.
  await trainTinyRun(page);
  await page.goto(`${strideUrl}&preset=mnist-keras&lesson=activations`);
  const overview = page.getByTestId('activations');
  await expect(overview.getByRole('img', { name: 'conv2d_3 channel 1' })).toBeVisible({ timeout: 60_000 });
  await expect(overview.getByRole('img', { name: 'max_pooling2d_3 channel 1' })).toBeVisible();
  await shoot(page, 'lesson-activations');
  await overview.getByRole('img', { name: 'conv2d_4 channel 2' }).click();
  await expect(lessons(page)).toHaveAccessibleName('Lessons — Convolution, step by step');
  await expect(page.getByTestId('run-banner')).toContainText('conv2d_4');
  await expect(page.getByTestId('explainer-check')).toContainText('✓');
  await expect(page.getByTestId('explainer-sum').locator('.sum-channels li')).toHaveCount(32);
  await page.getByRole('region', { name: /^Convolution explainer/ }).press('ArrowRight');
  await expect(page.getByTestId('explainer-check')).toContainText('✓');
  await shoot(page, 'lesson-conv-run');
});

/** A taller bottom panel (the predict tab's table) from the first page load on. */
async function tallBottomPanel(page: Page, bottom: number): Promise<void> {
  await page.addInitScript((height) => {
    const key = 'stride.prefs.v1';
    const prefs = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    localStorage.setItem(key, JSON.stringify({ ...prefs, panes: { left: 232, right: 300, bottom: height } }));
  }, bottom);
}

/** Trains the open network on the first 256 MNIST digits for one epoch, from the Training tab. */
async function trainTinyRun(page: Page): Promise<void> {
  await openTrainingTab(page);
  await setRun(page, { limit: 256, epochs: 1, batchSize: 32 });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('Completed', { timeout: 150_000 });
}
