import { test, expect } from './fixtures';
import {
  canvasReady,
  dropFromPalette,
  node,
  selectNode,
  totalParams,
  viewportSettled,
  wire,
} from './designer-helpers';

/**
 * The designer in browser mode (real `stride serve`, Debian Chromium). The fixture fails any test whose page
 * requests a non-loopback host or throws an uncaught error.
 */
const withQuery = (url: string, query: string) => `${url}&${query}`;
/** Every node's id and position on the canvas. */
const positions = (els: Element[]) =>
  els.map((e) => `${e.getAttribute('data-id')}|${(e as HTMLElement).style.transform}`);
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
    await page.goto(withQuery(strideUrl, 'view=designer'));
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
    // A wire's accessible name carries the tensor shape, as its label shows it.
    await expect(page.getByLabel(`Edge from ${conv} to ${pool}, 26×26×32`, { exact: true })).toHaveCount(1);
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
    await selectNode(page, 'in');
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('Block input');
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('56×56×64');
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

test.describe('designer tools', () => {
  test('a layout change (elkjs in a worker for branching graphs) is one undo step; the gallery asks before discarding work', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(withQuery(strideUrl, 'preset=googlenet'));
    await canvasReady(page);
    const before = await page.locator('.react-flow__node').evaluateAll(positions);
    await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Top to bottom' });
    await expect.poll(() => page.locator('.react-flow__node').evaluateAll(positions)).not.toEqual(before);
    await expect(page.getByRole('img', { name: 'Unsaved changes' })).toBeVisible();
    // Layered top to bottom: the input stays above everything it feeds.
    const ys = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => new DOMMatrix(getComputedStyle(e).transform).f));
    expect(Math.min(...ys)).toBe(ys[0]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').evaluateAll(positions)).toEqual(before);
    await page.keyboard.press('Control+y');

    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.keyboard.press('Control+n');
    await page.getByRole('button', { name: 'Open preset LeNet-5' }).click();
    expect(asked).toMatch(/unsaved/i);
    await expect(page.locator('.doc-name')).toHaveText('GoogLeNet');
  });

  test('the palette filters by name and category and drags a Residual block in', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(withQuery(strideUrl, 'view=designer'));
    await canvasReady(page);
    const search = page.getByRole('searchbox', { name: 'Search layers' });
    await search.fill('pool');
    await expect(page.getByTestId('palette-item-maxpool2d')).toBeVisible();
    await expect(page.getByTestId('palette-item-conv2d')).toHaveCount(0);
    await search.fill('');
    for (const kind of ['conv2d', 'maxpool2d', 'dense', 'inception', 'residual', 'batchnorm', 'add']) {
      await expect(page.getByTestId(`palette-item-${kind}`)).toBeVisible();
    }
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    const block = await dropFromPalette(page, 'residual', pane.width / 2 - 160, pane.height / 2 + 150);
    await wire(page, 'input_1', block);
    await expect(node(page, block).getByTestId('node-shape')).toHaveText('28×28×64');
    await node(page, block)
      .getByRole('button', { name: `Open block ${block}` })
      .click();
    await expect(page.getByRole('navigation', { name: 'Block path' })).toContainText(block);
    await expect(node(page, 'in')).toHaveAccessibleName(/output 28×28×1/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('navigation', { name: 'Block path' })).toHaveCount(0);
  });
});

test.describe('designer canvas gestures', () => {
  test('a drag is one undo step when it ends; shift-drag box-selects several nodes', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(`${strideUrl}&preset=mnist-keras`);
    await canvasReady(page);
    const flatten = node(page, 'flatten');
    const start = await flatten.evaluate((e) => (e as HTMLElement).style.transform);
    const box = await flatten.locator('.layer-node-notation').boundingBox();
    if (box === null) throw new Error('flatten is not on screen');
    await page.mouse.move(box.x + 20, box.y + 5);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1) await page.mouse.move(box.x + 20 + 16 * i, box.y + 5);
    await page.mouse.up();
    await expect.poll(() => flatten.evaluate((e) => (e as HTMLElement).style.transform)).not.toBe(start);
    await expect(page.locator('button', { hasText: /^Undo$/ })).toHaveAttribute('title', /Move node/);
    await page.keyboard.press('Control+z');
    await expect.poll(() => flatten.evaluate((e) => (e as HTMLElement).style.transform)).toBe(start);
    await expect(page.locator('button', { hasText: /^Undo$/ })).toBeDisabled();

    // F fits the network in view; then Shift + drag on the empty pane draws a selection box.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 200 } });
    await page.keyboard.press('f');
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
    await viewportSettled(page); // the fit animation has ended
    const pane = await page.locator('.react-flow__pane').boundingBox();
    const a = await node(page, 'conv2d_3').boundingBox();
    const b = await node(page, 'max_pooling2d_3').boundingBox();
    if (a === null || b === null || pane === null) throw new Error('nodes are not on screen');
    expect(a.y - 10).toBeGreaterThan(pane.y);
    await page.keyboard.down('Shift');
    // Start on the empty pane just left of the node (the graph fills the canvas: stay inside it).
    await page.mouse.move(Math.max(pane.x + 4, a.x - 20), a.y - 10);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width + 30, b.y + b.height + 10, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('2 nodes selected');
    // Shift+Delete leaves the gap (plain Delete would wire the input to conv2d_4).
    await page.keyboard.press('Shift+Delete');
    await expect(node(page, 'conv2d_3')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /errors?,.*warnings?: show problems/ })).toContainText(
      /[1-9]\d* errors?/,
    );
    await page.keyboard.press('Control+z');
    await expect(node(page, 'conv2d_3')).toHaveCount(1);
  });

  test('a problem inside a block opens the block at the part at fault', async ({ page, strideUrl }) => {
    await page.goto(`${strideUrl}&preset=resnet18`);
    await canvasReady(page);
    await node(page, 'layer1_0').dblclick();
    await selectNode(page, 'conv2');
    await page.getByLabel('Kernel').fill('60');
    await page.getByLabel('Kernel').press('Enter');
    await page.getByRole('button', { name: 'Back to the enclosing graph' }).click();
    await expect(node(page, 'layer1_0').locator('.node-badge-error')).toBeVisible();
    await page.getByRole('tab', { name: /Problems/ }).click();
    await page.getByRole('list', { name: 'Problems' }).getByRole('button').first().click();
    await expect(page.getByRole('navigation', { name: 'Block path' })).toContainText('layer1_0');
    await expect(node(page, 'conv2')).toHaveClass(/selected/);
    await expect(node(page, 'conv2').locator('.node-badge-error')).toBeVisible();
  });
});
