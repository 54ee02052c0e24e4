import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { canvasReady, node, selectNode, totalParams } from './designer-helpers';
import type { Page } from '@playwright/test';

/**
 * The Code tab in browser mode (real `stride serve`, Debian Chromium): Monaco bundled locally (the fixture
 * fails the test on any non-loopback request), live code as the graph changes, format switch, copy, save
 * (a download in browser mode) and model.json import with its report.
 */
const withQuery = (url: string, query: string) => `${url}&${query}`;
const code = (page: Page) => page.getByTestId('code-editor').locator('.view-lines');

/**
 * Monaco renders only the lines in view: find the text (Ctrl+F, the editor's own find widget) to scroll to
 * it. Retried, because the code may still be regenerating (debounced) when the search starts.
 */
async function reveal(page: Page, text: string): Promise<void> {
  await expect(async () => {
    await page.getByTestId('code-editor').click({ position: { x: 120, y: 8 } });
    await page.keyboard.press('Control+f');
    const find = page.getByTestId('code-editor').getByRole('textbox', { name: 'Find' });
    await find.fill(text);
    await find.press('Enter');
    await find.press('Escape');
    await expect(code(page)).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
}

async function openCodeTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Code' }).click();
  // Monaco's 3 MB chunk parses in well under a second on an idle machine, in several on a loaded one.
  await expect(page.getByTestId('code-editor').locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
}

test.describe('Code tab', () => {
  test('shows buildModel in Monaco, switches to PyTorch, copies, follows edits and saves', async ({
    page,
    strideUrl,
    context,
    strideGuard,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(withQuery(strideUrl, 'preset=lenet5'));
    await canvasReady(page);
    await openCodeTab(page);
    await reveal(page, 'export function buildModel(): tf.LayersModel {');
    await expect(code(page)).toContainText("import * as tf from '@tensorflow/tfjs';");
    await expect(page.getByTestId('code-status')).toHaveText(/^lenet_5\.ts · \d+ lines$/);
    // Syntax highlighting: Monaco's tokenizer gave the keywords their own classes.
    await expect(code(page).locator('span[class*="mtk"]').first()).toBeVisible();
    expect(
      await code(page)
        .locator('span[class^="mtk"]')
        .evaluateAll((s) => new Set(s.map((e) => e.className)).size),
    ).toBeGreaterThan(2);
    // Read-only: typing does not change the text.
    await page.getByTestId('code-editor').click({ position: { x: 120, y: 8 } });
    await page.keyboard.type('oops');
    await expect(code(page)).not.toContainText('oops');

    await page.getByRole('radio', { name: 'PyTorch' }).click();
    await reveal(page, 'class Model(nn.Module):');
    await reveal(page, 'self.c1 = nn.Conv2d(1, 6, kernel_size=5)');

    await page.getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Copied \d+ lines/ })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith('"""LeNet-5: exported from Stride as a PyTorch module.')).toBe(true);
    expect(copied).toContain(
      '    def forward(self, x):\n        # c1 (C1): Conv 6@5×5 /1 valid tanh → 6×28×28\n',
    );

    // Edit the graph: the code follows (debounced) without leaving the tab.
    await selectNode(page, 'c1');
    const filters = page.getByLabel('Filters');
    await filters.fill('8');
    await filters.press('Enter');
    await reveal(page, 'self.c1 = nn.Conv2d(1, 8, kernel_size=5)');
    await reveal(page, 'self.c3 = nn.Conv2d(8, 16, kernel_size=5)');

    // Save in browser mode is a download of exactly the text shown.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save…' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('lenet_5.py');
    const saved = readFileSync((await download.path()) as string, 'utf8');
    expect(saved).toContain('self.c1 = nn.Conv2d(1, 8, kernel_size=5)');

    await page.getByRole('radio', { name: 'Keras JSON' }).click();
    await reveal(page, '"class_name": "Functional",');
    // JSON has its own tokenizer: a key and a string value are coloured apart (one `string` class under the
    // JavaScript grammar).
    const line = code(page).locator('.view-line').filter({ hasText: '"class_name": "Functional",' });
    const key = await line.locator('span[class^="mtk"]', { hasText: /^"class_name"$/ }).getAttribute('class');
    const value = await line
      .locator('span[class^="mtk"]', { hasText: /^"Functional"$/ })
      .getAttribute('class');
    expect(key).toMatch(/^mtk\d+/);
    expect(value).toMatch(/^mtk\d+/);
    expect(key).not.toBe(value);
    await expect(page.getByRole('checkbox', { name: 'Training code' })).toBeDisabled();
    // Monaco ran under the strict CSP without a refused resource or any other console error.
    expect(strideGuard.consoleErrors).toEqual([]);
  });

  test('says why a graph with errors cannot be exported, and recovers', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=mnist-keras'));
    await canvasReady(page);
    await openCodeTab(page);
    await selectNode(page, 'max_pooling2d_3');
    const size = page.getByLabel('Pool size', { exact: true });
    await size.fill('40');
    await size.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'GRAPH_HAS_ERRORS' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy' })).toBeDisabled();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await reveal(page, 'export function buildModel');
  });

  test('imports a Keras model.json with its report', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=lenet5'));
    await canvasReady(page);
    await openCodeTab(page);
    const fixtures = join(process.cwd(), 'test/fixtures/model-json');
    await page.getByTestId('code-import-input').setInputFiles(join(fixtures, 'keras2-sequential-mnist.json'));
    await expect(totalParams(page)).toHaveText('93,322');
    await expect(node(page, 'conv2d_4')).toBeVisible();
    const report = page.getByRole('region', { name: 'Import report' });
    await expect(report).toContainText(
      'keras2-sequential-mnist.json: 9 layers imported as 10 nodes (Keras sequential), nothing left out; 93,322 parameters.',
    );
    await reveal(page, "name: 'conv2d_4'");

    // Layers Stride cannot represent are listed with their codes; the rest of the graph is there.
    page.once('dialog', (d) => void d.accept()); // the imported graph is unsaved
    await page
      .getByTestId('code-import-input')
      .setInputFiles(join(fixtures, 'hostile/unsupported-layers.json'));
    await expect(report).toContainText('IMPORT_LAMBDA_LAYER');
    await expect(report).toContainText('IMPORT_UNSUPPORTED_LAYER');
    // A file that is not a model leaves the document alone and says why.
    await page.getByTestId('code-import-input').setInputFiles(join(fixtures, 'hostile/not-json.txt'));
    await expect(page.getByRole('status').filter({ hasText: 'IMPORT_NOT_JSON' })).toBeVisible();
  });
});
