import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { canvasReady, node, selectNode, totalParams } from './designer-helpers';

/**
 * Issue 12's acceptance in browser mode: real networks open readable at real window sizes, editing inside a
 * chain splices, the welcome page, the command palette, the `?` sheet; and issue 14's Compare with four presets
 * at their published accuracies.
 */
const withQuery = (url: string, query: string) => `${url}&${query}`;

interface Legibility {
  nodes: number;
  outside: string[];
  small: string[];
  covered: string[];
  widthShare: number;
}

/** Every node's box against the canvas, its kind and shape text size on screen, overlays over nodes. */
const legibility = (page: Page): Promise<Legibility> =>
  page.evaluate(() => {
    const pane = (document.querySelector('.react-flow') as HTMLElement).getBoundingClientRect();
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const overlays = [...document.querySelectorAll('.react-flow__minimap, .react-flow__controls')].map((e) =>
      e.getBoundingClientRect(),
    );
    const out: Legibility = { nodes: 0, outside: [], small: [], covered: [], widthShare: 0 };
    let left = Infinity;
    let right = -Infinity;
    for (const n of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const id = n.dataset.id ?? '?';
      out.nodes += 1;
      const r = n.getBoundingClientRect();
      left = Math.min(left, r.left);
      right = Math.max(right, r.right);
      if (r.left < pane.left || r.right > pane.right || r.top < pane.top || r.bottom > pane.bottom)
        out.outside.push(id);
      for (const sel of ['.layer-node-kind', '.layer-node-shape']) {
        const el = n.querySelector(sel);
        const px = el === null ? 0 : parseFloat(getComputedStyle(el).fontSize) * zoom;
        if (px < 10) out.small.push(`${id} ${sel} ${px.toFixed(1)}px`);
      }
      for (const o of overlays)
        if (r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom)
          out.covered.push(id);
    }
    out.widthShare = (right - left) / pane.width;
    return out;
  });

const PRESETS = ['lenet5', 'vgg16', 'googlenet', 'resnet50'];

test.describe('networks at real size', () => {
  test('at 1280×800 each classic opens whole, legible, and clear of the minimap and controls', async ({
    page,
    strideUrl,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const preset of PRESETS) {
      await page.goto(withQuery(strideUrl, `preset=${preset}`));
      await canvasReady(page);
      await expect.poll(async () => (await legibility(page)).outside, { message: preset }).toEqual([]);
      const m = await legibility(page);
      expect(m.nodes, preset).toBeGreaterThan(8);
      expect(m.small, preset).toEqual([]);
      expect(m.covered, preset).toEqual([]);
      console.log(`${preset} at 1280×800: ${m.nodes} nodes, ${Math.round(m.widthShare * 100)}% of the width`);
    }
  });

  test('at 1920×1080 the chosen layout uses at least 60 % of the canvas width', async ({
    page,
    strideUrl,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    for (const preset of PRESETS) {
      await page.goto(withQuery(strideUrl, `preset=${preset}`));
      await canvasReady(page);
      await expect.poll(async () => (await legibility(page)).outside, { message: preset }).toEqual([]);
      const m = await legibility(page);
      expect(m.widthShare, preset).toBeGreaterThanOrEqual(0.6);
      expect(m.small, preset).toEqual([]);
      expect(m.covered, preset).toEqual([]);
    }
  });

  test('Fit re-arranges a graph drawn too small for the window, as one undo step', async ({
    page,
    strideUrl,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(withQuery(strideUrl, 'preset=resnet50'));
    await canvasReady(page);
    await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Top to bottom' });
    await expect(page.locator('button', { hasText: /^Undo$/ })).toHaveAttribute(
      'title',
      /Layout: top to bottom/,
    );
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
    await expect(page.locator('button', { hasText: /^Undo$/ })).toHaveAttribute('title', /Fit: wrapped/);
    await expect.poll(async () => (await legibility(page)).small).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect(page.locator('button', { hasText: /^Undo$/ })).toHaveAttribute(
      'title',
      /Layout: top to bottom/,
    );
  });
});

/** The accessible names of the wires, e.g. "Edge from conv2d_3 to max_pooling2d_3, 28×28×32". */
const wireNames = (page: Page): Promise<string[]> =>
  page
    .locator('.react-flow__edge')
    .evaluateAll((els) =>
      els.map((e) => document.getElementById(e.getAttribute('aria-labelledby') ?? '')?.textContent ?? ''),
    );
const nodeIds = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

test.describe('editing inside chains (seed 002, 93,322 parameters)', () => {
  test('insert after the selection splices; Delete reconnects; each one undo step', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(withQuery(strideUrl, 'preset=mnist-keras'));
    await canvasReady(page);
    await expect(totalParams(page)).toHaveText('93,322');
    const before = await wireNames(page);
    await selectNode(page, 'conv2d_3');
    await page.getByTestId('palette-item-dropout').click();
    await expect(node(page, 'dropout_1')).toBeVisible();
    const spliced = await wireNames(page);
    expect(spliced.some((w) => w.startsWith('Edge from conv2d_3 to dropout_1,'))).toBe(true);
    expect(spliced.some((w) => w.startsWith('Edge from dropout_1 to max_pooling2d_3,'))).toBe(true);
    expect(spliced.some((w) => w.startsWith('Edge from conv2d_3 to max_pooling2d_3,'))).toBe(false);
    await expect(totalParams(page)).toHaveText('93,322');
    // The new node covers no other.
    const boxes = await page
      .locator('.react-flow__node')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]),
      );
    const overlap = boxes.some(([l, t, r, b], i) =>
      boxes.some(
        ([l2, t2, r2, b2], j) =>
          i < j &&
          (l as number) < (r2 as number) &&
          (l2 as number) < (r as number) &&
          (t as number) < (b2 as number) &&
          (t2 as number) < (b as number),
      ),
    );
    expect(overlap).toBe(false);
    // Undo: one step back to the seed network.
    await page.keyboard.press('Control+z');
    await expect(node(page, 'dropout_1')).toHaveCount(0);
    expect((await wireNames(page)).sort()).toEqual([...before].sort());
    await page.keyboard.press('Control+y');
    await expect(node(page, 'dropout_1')).toBeVisible();

    // Delete the spliced layer: its neighbours are wired together again, the total unchanged.
    await selectNode(page, 'dropout_1');
    await page.keyboard.press('Delete');
    await expect(node(page, 'dropout_1')).toHaveCount(0);
    expect((await wireNames(page)).sort()).toEqual([...before].sort());
    await expect(totalParams(page)).toHaveText('93,322');
    // Seed 002's one warning (the last pooling floors 7×7 to 3×3) and no error, as before the edits.
    await expect(page.getByRole('button', { name: /show problems/ })).toHaveText('● 0 errors · 1 warning');
    await page.keyboard.press('Control+z');
    await expect(node(page, 'dropout_1')).toBeVisible();
    expect((await wireNames(page)).sort()).toEqual([...spliced].sort());
  });

  test('a layer dropped on a wire is spliced into it; one undo step', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=mnist-keras'));
    await canvasReady(page);
    const before = await wireNames(page);
    const ids = await nodeIds(page);
    // A wire running down a column (its box is tall and thin): drop on its middle.
    const target = await page.locator('.react-flow__edge').evaluateAll((els) => {
      for (const e of els) {
        const r = (e.querySelector('.react-flow__edge-path') ?? e).getBoundingClientRect();
        if (r.width < 16 && r.height > 24)
          return {
            name: document.getElementById(e.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
            x: r.left + r.width / 2,
            y: r.top + r.height / 2,
          };
      }
      return null;
    });
    if (target === null) throw new Error('no vertical wire on screen');
    const [, from, to] = /^Edge from (\S+) to (\S+),/.exec(target.name) ?? [];
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    await page.getByTestId('palette-item-dropout').dragTo(page.locator('.react-flow__pane'), {
      targetPosition: { x: target.x - pane.x, y: target.y - pane.y },
    });
    await expect(node(page, 'dropout_1')).toBeVisible();
    const after = await wireNames(page);
    expect(after.some((w) => w.startsWith(`Edge from ${from} to dropout_1,`))).toBe(true);
    expect(after.some((w) => w.startsWith(`Edge from dropout_1 to ${to},`))).toBe(true);
    expect(after).toHaveLength(before.length + 1);
    await expect(totalParams(page)).toHaveText('93,322');
    await page.keyboard.press('Control+z');
    await expect(node(page, 'dropout_1')).toHaveCount(0);
    expect((await wireNames(page)).sort()).toEqual([...before].sort());
    expect((await nodeIds(page)).sort()).toEqual([...ids].sort());
  });
});

test.describe('finding one’s way', () => {
  test('first launch: the welcome page with graph thumbnails, lessons and recent projects', async ({
    page,
    strideUrl,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(strideUrl);
    const welcome = page.getByRole('main', { name: 'Welcome' });
    await expect(welcome).toBeVisible();
    const cards = welcome
      .getByRole('list', { name: 'Presets' })
      .getByRole('button', { name: /^Open preset / });
    await expect(cards).toHaveCount(16);
    // Each card draws its own graph: as many boxes as the network has layers.
    await expect(welcome.getByRole('button', { name: 'Open preset VGG-16' }).locator('svg rect')).toHaveCount(
      25,
    );
    for (const lesson of ['conv', 'pool', 'softmax', 'sizes', 'architectures'])
      await expect(welcome.locator(`a[href*="lesson=${lesson}"]`)).toHaveCount(1);
    await expect(welcome.getByRole('heading', { name: 'Recent projects' })).toBeVisible();
    await welcome.getByRole('button', { name: 'Open preset GoogLeNet' }).click();
    await canvasReady(page);
    await expect(page.locator('.doc-name')).toHaveText('GoogLeNet');
    await expect(page.getByRole('tab', { name: 'Designer' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the command palette (Ctrl+Shift+P, Ctrl+K) lists every command with its key; ? shows every shortcut', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(withQuery(strideUrl, 'preset=lenet5'));
    await canvasReady(page);
    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await expect(palette.getByRole('option', { name: /Fit to Window/ })).toContainText('F');
    await expect(palette.getByRole('option', { name: /Command Palette/ })).toContainText('Ctrl+Shift+P');
    await page.keyboard.type('compare');
    await page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
    await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+1');
    await expect(page.getByRole('tab', { name: 'Designer' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet.getByTestId('shortcut-sheet')).toContainText('Delete without reconnecting');
    await expect(sheet.getByTestId('shortcut-sheet')).toContainText('Shift+Delete');
  });

  test('panel tabs follow the tabs pattern: arrows, Home and End', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=lenet5'));
    await canvasReady(page);
    const panels = page.getByRole('tablist', { name: 'Panels' });
    await panels.getByRole('tab', { name: 'Summary' }).click();
    await page.keyboard.press('End');
    await expect(panels.getByRole('tab', { name: /^Predict/ })).toBeFocused();
    await expect(panels.getByRole('tab', { name: /^Predict/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(panels.getByRole('tab', { name: 'Summary' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(panels.getByRole('tab', { name: /^Predict/ })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(panels.getByRole('tab', { name: /^Training/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(panels.getByRole('tab', { name: 'Summary' })).toBeFocused();
  });
});

test('Compare shows four presets at once with their published accuracies', async ({ page, strideUrl }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(withQuery(strideUrl, 'preset=lenet5'));
  await canvasReady(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare runs and networks' });
  for (const name of ['LeNet-5', 'VGG-16', 'GoogLeNet', 'ResNet-50'])
    await compare.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
  const table = compare.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.getByTestId('published')).toHaveText([
    '99.05% accuracy on MNIST',
    '7.4% top-5 error on ImageNet7.3% top-5 error on ImageNet (7 models)',
    '6.67% top-5 error on ImageNet (7 models)10.07% top-5 error on ImageNet',
    '5.25% top-5 error on ImageNet20.74% top-1 error on ImageNet3.57% top-5 error on ImageNet (6 models)',
  ]);
  const scatter = compare.getByTestId('scatter-params');
  await expect(scatter.locator('[data-entry] path')).toHaveCount(4);
  await expect(scatter).toHaveAttribute(
    'aria-label',
    /VGG-16 \(preset\): 138\.36 M parameters, 92\.60% top-5 \(paper.*ResNet-50 \(preset\): 25\.61 M parameters, 79\.26% top-1 \(paper/,
  );
  await expect(compare.getByTestId('compare-structure').locator('thead th')).toHaveCount(5);
  const download = page.waitForEvent('download');
  await compare.getByTestId('compare-export').click();
  expect((await download).suggestedFilename()).toBe('comparison.png');
  // Printed for a class: the comparison alone — no toolbar, picker or totals — its table and plots kept.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('tab', { name: 'Compare' })).toBeHidden();
  await expect(compare.getByRole('checkbox', { name: /^LeNet-5/ })).toBeHidden();
  await expect(page.getByTestId('total-params')).toBeHidden();
  await expect(table).toBeVisible();
  await expect(scatter).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('tab', { name: 'Compare' })).toBeVisible();
});
