import { test, expect } from './fixtures';
import { canvasReady, dropFromPalette, node, selectNode, totalParams, wire } from './designer-helpers';

/**
 * The designer in browser mode (real `stride serve`, Debian Chromium). The fixture fails any test whose page
 * requests a non-loopback host or throws an uncaught error.
 */
const withQuery = (url: string, query: string) => `${url}&${query}`;
/** Every node's id, text (kind, name, notation, shape, params) and position on the canvas. */
const fingerprint = (els: Element[]) =>
  els.map((e) => `${e.getAttribute('data-id')}|${e.textContent}|${(e as HTMLElement).style.transform}`);

test.describe('designer', () => {
  test('opens ?preset=mnist-keras with the seed totals and shapes', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=mnist-keras'));
    await canvasReady(page);
    await expect(totalParams(page)).toHaveText('93,322');
    await expect(node(page, 'max_pooling2d_4')).toHaveAccessibleName(
      'MaxPool2D max_pooling2d_4, output 7×7×64',
    );
    await expect(node(page, 'max_pooling2d_4').getByTestId('node-shape')).toHaveText('7×7×64');
    await expect(page.locator('.shape-edge-label text', { hasText: /^7×7×64$/ }).first()).toBeAttached();
    await expect(node(page, 'conv2d_3')).toContainText('Conv 32@3×3 /1 same');
    // The Summary tab is the Keras table of lecture note 002.
    const summary = page.getByRole('table', { name: 'Model summary' });
    await expect(
      summary.getByRole('row', { name: /conv2d_4 \(Conv2D\).*\(None, 14, 14, 64\).*18,496/ }),
    ).toBeVisible();
    await expect(page.getByText('Total params: 93,322')).toBeVisible();
  });

  test('builds a network from the palette, shows a worked error, fixes it, undo/redo', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(strideUrl);
    await canvasReady(page);
    await expect(node(page, 'input_1')).toBeVisible();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    const conv = await dropFromPalette(page, 'conv2d', pane.width / 2 - 150, pane.height / 2);
    const pool = await dropFromPalette(page, 'maxpool2d', pane.width / 2 + 120, pane.height / 2 - 60);
    const dense = await dropFromPalette(page, 'dense', pane.width / 2 + 120, pane.height / 2 + 120);
    await wire(page, 'input_1', conv);
    await wire(page, conv, pool);
    await expect(node(page, conv).getByTestId('node-shape')).toHaveText('26×26×32');
    await expect(node(page, pool).getByTestId('node-shape')).toHaveText('13×13×32');
    // A refused wire says why, with the core's code (a Conv2D takes one input and already has one).
    await wire(page, pool, conv);
    await expect(page.getByRole('alert').filter({ hasText: 'NODE_TOO_MANY_INPUTS' })).toBeVisible();
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    // Click-to-add with one node selected lands below it, already wired.
    await selectNode(page, pool);
    await page.getByTestId('palette-item-flatten').click();
    await expect(node(page, 'flatten_1').getByTestId('node-shape')).toHaveText('5408');
    await wire(page, 'flatten_1', dense);
    await expect(node(page, dense).getByTestId('node-shape')).toHaveText('128');
    await expect(totalParams(page)).toHaveText('692,672'); // 320 + 5408·128 + 128

    // Kernel 30 does not fit a 28×28 input: the error sits on that node with the formula in numbers.
    await selectNode(page, conv);
    const kernel = page.getByLabel('Kernel', { exact: true });
    await kernel.fill('30');
    await kernel.press('Enter');
    const badge = node(page, conv).locator('.node-badge-error');
    await expect(badge).toBeVisible();
    await badge.hover();
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toContainText('(28 + 2·0 − 30)/1 + 1 = −1');
    await expect(tooltip).toContainText('Fix:');
    await expect(node(page, conv)).toHaveAccessibleName(/has an error/);
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect(page.getByRole('list', { name: 'Problems' })).toContainText('SHAPE_NONPOSITIVE');

    // Typing an impossible value is refused in the field itself, never written to the document.
    await kernel.fill('-2');
    await expect(page.getByRole('alert').filter({ hasText: /too small|>=|at least/i })).toBeVisible();
    await expect(kernel).toHaveAttribute('aria-invalid', 'true');
    await kernel.press('Escape');

    // Fix, then undo (the error returns) and redo (fixed again): each edit is one step.
    await kernel.fill('5');
    await kernel.press('Enter');
    await expect(badge).toHaveCount(0);
    await expect(node(page, conv).getByTestId('node-shape')).toHaveText('24×24×32');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(node(page, conv).locator('.node-badge-error')).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(node(page, conv).getByTestId('node-shape')).toHaveText('26×26×32');
    await page.keyboard.press('Control+y');
    await expect(node(page, conv).locator('.node-badge-error')).toBeVisible();
    await page.keyboard.press('Control+Shift+z');
    await expect(node(page, conv).getByTestId('node-shape')).toHaveText('24×24×32');
  });

  test('opens a Residual block, edits inside, and goes back', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=resnet18'));
    await canvasReady(page);
    const before = (await totalParams(page).textContent()) ?? '';
    expect(before).toMatch(/^11,\d{3},\d{3}$/);
    await node(page, 'layer2_0').dblclick();
    const crumbs = page.getByRole('navigation', { name: 'Block path' });
    await expect(crumbs).toContainText('layer2_0');
    await expect(node(page, 'in')).toHaveAccessibleName(/output 56×56×64/);
    await expect(node(page, 'proj/conv')).toBeVisible(); // stride 2 and 64 → 128 channels: projected shortcut
    await selectNode(page, 'conv1');
    await page.getByLabel('Filters').fill('96');
    await page.getByLabel('Filters').press('Enter');
    await expect(node(page, 'conv1').getByTestId('node-shape')).toHaveText('28×28×96');
    await expect(totalParams(page)).not.toHaveText(before);
    await page.getByRole('button', { name: 'Back to the enclosing graph' }).click();
    await expect(crumbs).toHaveCount(0);
    await expect(node(page, 'layer2_0')).toContainText('edited');
    await page.keyboard.press('Control+z');
    await expect(totalParams(page)).toHaveText(before);
    await expect(node(page, 'layer2_0')).not.toContainText('edited');
  });

  test('saves to the host folder and reloads the same graph', async ({ page, strideUrl }) => {
    await page.goto(withQuery(strideUrl, 'preset=lenet5'));
    await canvasReady(page);
    const nodes = await page.locator('.react-flow__node').evaluateAll(fingerprint);
    expect(nodes.length).toBeGreaterThan(5);
    await page.getByLabel('Name', { exact: true }).fill('LeNet for the e2e test');
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save network' });
    await dialog.getByLabel('File name').fill(`designer-e2e-${Date.now()}`);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('img', { name: 'Unsaved changes' })).toHaveCount(0);
    await expect(page).toHaveURL(/project=/);
    const total = await totalParams(page).textContent();
    await page.reload();
    await canvasReady(page);
    await expect(page.locator('.doc-name')).toHaveText('LeNet for the e2e test');
    await expect(totalParams(page)).toHaveText(total ?? '');
    const reloaded = await page.locator('.react-flow__node').evaluateAll(fingerprint);
    expect(reloaded).toEqual(nodes);
  });

  test('copy, paste and duplicate remap ids; Delete and shortcuts respect text fields', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(withQuery(strideUrl, 'preset=mnist-keras'));
    await canvasReady(page);
    const count = await page.locator('.react-flow__node').count();
    await selectNode(page, 'conv2d_3');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 1);
    await expect(node(page, 'conv2d_1')).toBeVisible();
    await page.keyboard.press('Control+d');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 2);
    // Backspace inside an inspector field edits the text, it does not delete the node.
    const filters = page.getByLabel('Filters');
    await filters.click();
    await filters.press('End');
    await filters.press('Backspace');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 2);
    await filters.press('Escape');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await selectNode(page, 'conv2d_1');
    await page.keyboard.press('Delete');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 1);
    await page.keyboard.press('Control+a');
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(count + 1);
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 2);
  });
});
