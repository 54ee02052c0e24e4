import { expect, type Locator, type Page } from '@playwright/test';

/** Canvas helpers for the designer specs (locators by data-id, handle-to-handle wiring with the mouse). */
export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

export const totalParams = (page: Page): Locator => page.getByTestId('total-params');

/** Waits until the canvas shows nodes and React Flow has measured them (handles are then positioned). */
export async function canvasReady(page: Page): Promise<void> {
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('.react-flow__node')].every(
      (n) => n.style.visibility !== 'hidden',
    ),
  );
}

/**
 * Waits until a viewport animation (fit, centring) has ended: the canvas transform is the same over two
 * animation frames. Event-based, so it holds however slow the machine is.
 */
export async function viewportSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
        const before = viewport?.style.transform;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => resolve(viewport?.style.transform === before)),
        );
      }),
  );
}

/** Drags a palette entry onto the canvas at (x, y) relative to the pane; returns the new node's id. */
export async function dropFromPalette(page: Page, kind: string, x: number, y: number): Promise<string> {
  const before = new Set(
    await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
  );
  await page.getByTestId(`palette-item-${kind}`).dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x, y },
  });
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before.size + 1);
  const after = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  const added = after.find((id) => id !== null && !before.has(id));
  if (added === undefined || added === null) throw new Error(`no node appeared after dropping ${kind}`);
  return added;
}

/**
 * Presses on the lower (output) handle of `from` and releases over the upper (input) handle of `to`. Nodes also
 * have side handles (right: output, left: input) for left-to-right and wrapped layouts.
 */
export async function wire(page: Page, from: string, to: string): Promise<void> {
  const source = node(page, from).locator('.react-flow__handle-bottom.source');
  const target = node(page, to).locator('.react-flow__handle-top.target');
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (a === null || b === null) throw new Error(`handles of ${from} → ${to} are not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Clicks a node's title row (selecting it without starting a drag of any control inside it). */
export async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id)
    .locator('.layer-node-head')
    .click({ position: { x: 8, y: 6 } });
}
