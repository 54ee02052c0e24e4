import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { canvasReady, node, selectNode, totalParams } from './designer-helpers';

/**
 * User blocks in browser mode: Group collapses a selection into one node defined in the project's block
 * library, the block opens like Inception/Residual, its definition is shared by every use, Ungroup gives the
 * layers back, and the library is saved with the project.
 */
const addToSelection = (page: Page, id: string) =>
  node(page, id)
    .locator('.layer-node-head')
    .click({ position: { x: 8, y: 6 }, modifiers: ['Shift'] });

const palette = (page: Page) => page.getByRole('complementary', { name: 'Layer palette' });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

test.describe('user blocks', () => {
  test('group three layers, open and edit the block, ungroup, undo/redo; the library survives a reload', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(`${strideUrl}&preset=mnist-keras`);
    await canvasReady(page);
    await expect(totalParams(page)).toHaveText('93,322');
    await expect(palette(page).getByText(/press Ctrl\+G to group/)).toBeVisible();

    // Select conv → pool → conv and group them: one node, same totals, same shape out of it.
    await selectNode(page, 'conv2d_3');
    await addToSelection(page, 'max_pooling2d_3');
    await addToSelection(page, 'conv2d_4');
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(3);
    await page.keyboard.press('Control+g');
    await expect(node(page, 'group_1')).toHaveAccessibleName('Block group_1, output 14×14×64');
    await expect(node(page, 'group_1')).toContainText('block_1 · 3 layers');
    for (const id of ['conv2d_3', 'max_pooling2d_3', 'conv2d_4']) await expect(node(page, id)).toHaveCount(0);
    await expect(totalParams(page)).toHaveText('93,322');
    // The wire out of the block carries 14×14×64 (its accessible name; the label shows where there is room).
    await expect(
      page.locator('.react-flow__edge text', { hasText: /^Edge from group_1 to \S+, 14×14×64$/ }),
    ).toBeAttached();
    await expect(page.getByTestId('palette-block-block_1')).toBeVisible();
    await expect(inspector(page)).toContainText('used once in this network');

    // A refused group says why, with the core's code.
    await selectNode(page, 'input');
    await addToSelection(page, 'group_1');
    await page.keyboard.press('Control+g');
    await expect(page.getByRole('alert').filter({ hasText: 'GROUP_HAS_INPUT' })).toBeVisible();

    // Open it, edit a layer inside, go back: the block and the totals follow the definition.
    await node(page, 'group_1').dblclick();
    const crumbs = page.getByRole('navigation', { name: 'Block path' });
    await expect(crumbs).toContainText('group_1');
    await expect(crumbs).toContainText('Block block_1');
    await expect(node(page, 'in')).toHaveAccessibleName(/output 28×28×1/);
    await selectNode(page, 'conv2d_4');
    await page.getByLabel('Filters').fill('32');
    await page.getByLabel('Filters').press('Enter');
    await expect(node(page, 'conv2d_4').getByTestId('node-shape')).toHaveText('14×14×32');
    // conv2d_4: 3·3·32·32 + 32 = 9,248 (was 18,496); conv2d_5 now sees 32 channels: 3·3·32·64 + 64 = 18,496.
    const edited = (93_322 - 18_496 + 9_248 - 36_928 + 18_496).toLocaleString('en-US');
    await expect(totalParams(page)).toHaveText(edited);
    await page.getByRole('button', { name: 'Back to the enclosing graph' }).click();
    await expect(crumbs).toHaveCount(0);
    await expect(node(page, 'group_1').getByTestId('node-shape')).toHaveText('14×14×32');

    // Ungroup: the layers come back under their own ids, wired as before; totals unchanged.
    await selectNode(page, 'group_1');
    await page.keyboard.press('Control+Shift+g');
    await expect(node(page, 'group_1')).toHaveCount(0);
    await expect(node(page, 'conv2d_4').getByTestId('node-shape')).toHaveText('14×14×32');
    await expect(node(page, 'conv2d_3')).toHaveAccessibleName('Conv2D conv2d_3, output 28×28×32');
    await expect(totalParams(page)).toHaveText(edited);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(node(page, 'group_1')).toBeVisible();
    await expect(node(page, 'conv2d_3')).toHaveCount(0);
    await page.keyboard.press('Control+y');
    await expect(node(page, 'group_1')).toHaveCount(0);
    await expect(node(page, 'conv2d_3')).toBeVisible();
    // Undo past the inside edit and the grouping itself: back to the preset.
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Control+z');
    await expect(totalParams(page)).toHaveText('93,322');
    await expect(node(page, 'conv2d_4')).toBeVisible();
    await expect(page.getByTestId('palette-block-block_1')).toHaveCount(0);
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Control+y');
    await expect(totalParams(page)).toHaveText(edited);
    await expect(page.getByTestId('palette-block-block_1')).toBeVisible();

    // Save and reload: the library (now used by no node) is part of the project.
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save network' });
    await dialog.getByLabel('File name').fill(`blocks-e2e-${Date.now()}`);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page).toHaveURL(/project=/);
    await page.reload();
    await canvasReady(page);
    await expect(totalParams(page)).toHaveText(edited);
    // Drag the saved block back onto the canvas: a new node using the (edited) definition.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    await page.getByTestId('palette-block-block_1').dragTo(page.locator('.react-flow__pane'), {
      targetPosition: { x: pane.width / 2 + 200, y: pane.height / 2 },
    });
    await expect(node(page, 'group_1')).toContainText('block_1 · 3 layers');
  });

  test('one definition placed twice: edit once, both change; rename and remove from My blocks', async ({
    page,
    strideUrl,
  }) => {
    await page.goto(`${strideUrl}&preset=mnist-keras`);
    await canvasReady(page);
    // conv2d_5 + its pool as a block, then place the block again after it (click adds below, wired).
    await selectNode(page, 'conv2d_5');
    await addToSelection(page, 'max_pooling2d_5');
    await page.keyboard.press('Control+g');
    await expect(node(page, 'group_1')).toHaveAccessibleName(/^Block group_1, output 3×3×64/); // the 7 → 3 pool drops a row (warning)
    await selectNode(page, 'group_1');
    await page.getByTestId('palette-block-block_1').click();
    await expect(node(page, 'group_2')).toHaveAccessibleName(/Block group_2, output 1×1×64/);
    await selectNode(page, 'group_2');
    await expect(inspector(page).getByTestId('block-uses')).toContainText('used 2 times');

    // The definition is shared: rename it once, both nodes read the new name, and so does the palette.
    const name = inspector(page).getByLabel('Block name');
    await name.fill('conv-pool');
    await name.press('Enter');
    await expect(node(page, 'group_1')).toContainText('conv-pool · 2 layers');
    await expect(node(page, 'group_2')).toContainText('conv-pool · 2 layers');
    await expect(page.getByRole('button', { name: 'Add block conv-pool' })).toBeVisible();

    // Editing inside one use changes the other.
    await node(page, 'group_2').dblclick();
    await expect(page.getByRole('navigation', { name: 'Block path' })).toContainText('shared by 2 uses');
    await selectNode(page, 'conv2d_5');
    await page.getByLabel('Filters').fill('16');
    await page.getByLabel('Filters').press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(node(page, 'group_1').getByTestId('node-shape')).toHaveText('3×3×16');
    await expect(node(page, 'group_2').getByTestId('node-shape')).toHaveText('1×1×16');

    // A used definition cannot be removed; once no node uses it, it can.
    await page.getByRole('button', { name: 'Remove block conv-pool from the library' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'BLOCK_IN_USE' })).toBeVisible();
    await selectNode(page, 'group_2');
    await page.keyboard.press('Delete');
    await selectNode(page, 'group_1');
    await page.keyboard.press('Control+Shift+g');
    await page.getByRole('button', { name: 'Remove block conv-pool from the library' }).click();
    await expect(page.getByTestId('palette-block-block_1')).toHaveCount(0);
    await expect(totalParams(page)).not.toHaveText('93,322'); // the 16-filter conv stayed inline
  });
});
