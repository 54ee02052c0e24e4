import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { canvasReady, node, viewportSettled } from './designer-helpers';

/**
 * The README's screenshots, at 1280×800 and 1920×1080, light and dark: the designer (the seed Keras MNIST
 * network with the pooling layer that floors 7×7 to 3×3 selected and its warning's worked formula showing;
 * ResNet-50 wrapped into columns), the welcome page and the comparison. Written to test-results/ on every run;
 * `STRIDE_UPDATE_SCREENSHOTS=1` also refreshes docs/screenshots/.
 */
const outDirs = [join('test-results', 'screenshots')];
if (process.env.STRIDE_UPDATE_SCREENSHOTS === '1') outDirs.push(join('docs', 'screenshots'));

async function shoot(page: Page, name: string): Promise<void> {
  for (const dir of outDirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`) });
  }
}

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`canvas screenshot, ${theme} theme`, async ({ page, strideUrl }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${strideUrl}&preset=mnist-keras`);
    await canvasReady(page);
    await useTheme(page, theme);
    const background = await page
      .locator('.react-flow')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    expect(theme === 'light' ? luminance > 200 : luminance < 60).toBe(true);

    // A Summary row selects its layer and centres the canvas on it at a readable zoom.
    await page.getByRole('button', { name: 'max_pooling2d_5 (MaxPool2D)' }).click();
    await expect(page.getByTestId('inspector-output-shape')).toHaveText('3×3×64');
    await expect(node(page, 'max_pooling2d_5')).toHaveClass(/selected/);
    await viewportSettled(page); // the centring animation has ended
    await node(page, 'max_pooling2d_5').locator('.node-badge-warning').hover();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await shoot(page, `canvas-${theme}`);
  });

  for (const size of SIZES) {
    test(`README views at ${size.width}×${size.height}, ${theme} theme`, async ({ page, strideUrl }) => {
      await page.setViewportSize(size);
      await page.goto(`${strideUrl}&preset=resnet50`);
      await canvasReady(page);
      await useTheme(page, theme);
      await viewportSettled(page);
      await shoot(page, `designer-${size.width}-${theme}`);

      await page.getByRole('button', { name: 'Stride' }).click();
      await expect(page.getByRole('main', { name: 'Welcome' })).toBeVisible();
      await shoot(page, `welcome-${size.width}-${theme}`);

      await page.getByRole('tab', { name: 'Compare' }).click();
      const compare = page.getByRole('region', { name: 'Compare runs and networks' });
      await compare.getByRole('button', { name: 'ImageNet classics' }).click();
      await compare.getByRole('checkbox', { name: /^LeNet-5/ }).check();
      await expect(compare.getByTestId('compare-table').locator('tbody tr')).toHaveCount(5);
      await shoot(page, `compare-${size.width}-${theme}`);
    });
  }
}
