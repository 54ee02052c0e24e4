import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { canvasReady, node, viewportSettled } from './designer-helpers';

/**
 * The README's screenshots of the designer, light and dark: the seed Keras MNIST network with the pooling
 * layer that floors 7×7 to 3×3 selected and its warning's worked formula showing. Written to test-results/
 * on every run; `STRIDE_UPDATE_SCREENSHOTS=1` also refreshes docs/screenshots/.
 */
const outDirs = [join('test-results', 'screenshots')];
if (process.env.STRIDE_UPDATE_SCREENSHOTS === '1') outDirs.push(join('docs', 'screenshots'));

for (const theme of ['light', 'dark'] as const) {
  test(`canvas screenshot, ${theme} theme`, async ({ page, strideUrl }) => {
    await page.goto(`${strideUrl}&preset=mnist-keras`);
    await canvasReady(page);
    await page.getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
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
    for (const dir of outDirs) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `canvas-${theme}.png`) });
    }
  });
}
