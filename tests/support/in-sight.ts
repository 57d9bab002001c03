import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** The page globals these checks read in the browser (this project's test types have no DOM). */
type Page$ = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };

/** A touch target's least width and height, in CSS pixels. */
export const TOUCH_TARGET = 44;

/**
 * Fully in sight without scrolling: inside `area` (e.g. the screen between the header and the
 * status strip, which the page scrolls) or, for a dialog, inside the window.
 */
export async function assertInSight(page: Page, what: Locator, name: string, area?: Locator) {
  const box = await what.boundingBox();
  const { width, height } = page.viewportSize()!;
  const frame = (area && (await area.boundingBox())) ?? { x: 0, y: 0, width, height };
  assert.ok(box, `${name} is shown`);
  const slack = 1; // scrolling into view lands on whole pixels, layout on fractions
  assert.ok(
    box.x >= frame.x - slack &&
      box.y >= frame.y - slack &&
      box.x + box.width <= frame.x + frame.width + slack &&
      box.y + box.height <= frame.y + frame.height + slack,
    `${name} at ${JSON.stringify(box)} lies in ${JSON.stringify(frame)}`,
  );
}

export async function assertNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as Page$).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  assert.equal(overflow, 0, 'nothing sticks out sideways');
}

/** Each named button inside `within` is at least a touch target in both directions. */
export async function assertTouchSized(within: Locator, names: string[]) {
  for (const name of names) {
    const box = await within.getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(
      box && box.height >= TOUCH_TARGET && box.width >= TOUCH_TARGET,
      `${name}: ${JSON.stringify(box)}`,
    );
  }
}
