import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LaneView } from '../../../src-shared';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/**
 * A lane's reading area (issue 12) in Debian Chromium against the headless host (the built
 * renderer in dist/renderer): a manager drags it on the live picture with the mouse, then with a
 * finger (touch pointer events), types it in per cent from the keyboard, and clears it; the
 * station keeps each one for the lane and the card shows it. A cashier has no such button.
 */
describe('drawing a lane reading area in the browser', () => {
  let h: Harness;
  let booth: BrowserBooth;
  before(async () => {
    h = await startHarness();
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
  });

  const roiOf = async (laneId: string): Promise<LaneView['roi']> =>
    (await h.call('lanes:list', {})).find((l) => l.id === laneId)!.roi;
  const near = (actual: LaneView['roi'], expected: NonNullable<LaneView['roi']>) => {
    assert.ok(actual, 'an ROI was stored');
    for (const k of ['x', 'y', 'w', 'h'] as const) {
      assert.ok(Math.abs(actual[k] - expected[k]) < 0.02, `${k}: ${actual[k]} vs ${expected[k]}`);
    }
  };

  it('drags, touches, types and clears the area; the card shows it', async () => {
    const page = await booth.open({ width: 1366, height: 900 });
    await page.getByLabel('Operator name').fill('manager');
    await page.getByLabel('PIN', { exact: true }).fill(demoPin('manager'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Live lanes' }).waitFor();
    const card = page.getByTestId('lane-entry-1');
    await card.getByRole('img', { name: 'Camera at Entry 1' }).waitFor();

    // Mouse: a drag from (10%, 20%) to (60%, 80%) of the picture.
    await card.getByRole('button', { name: 'Reading area' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reading area of Entry 1' });
    const surface = dialog.getByTestId('lane-entry-1-roi-surface');
    const box = (await surface.boundingBox())!;
    await page.mouse.move(box.x + 0.1 * box.width, box.y + 0.2 * box.height);
    await page.mouse.down();
    await page.mouse.move(box.x + 0.4 * box.width, box.y + 0.5 * box.height, { steps: 4 });
    await page.mouse.move(box.x + 0.6 * box.width, box.y + 0.8 * box.height, { steps: 4 });
    await page.mouse.up();
    assert.equal(await dialog.getByLabel('Left (%)').inputValue(), '10');
    await dialog.getByRole('button', { name: 'Save area' }).click();
    await page.getByText('Reading area of Entry 1 saved.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    near(await roiOf('entry-1'), { x: 0.1, y: 0.2, w: 0.5, h: 0.6 });
    await card.getByTestId('lane-entry-1-roi').waitFor();

    // A finger: touch pointer events, dragged up and to the left (any direction draws).
    await card.getByRole('button', { name: 'Reading area' }).click();
    const touch = async (type: string, fx: number, fy: number) =>
      surface.dispatchEvent(type, {
        pointerId: 7,
        pointerType: 'touch',
        isPrimary: true,
        bubbles: true,
        clientX: box.x + fx * box.width,
        clientY: box.y + fy * box.height,
      });
    await touch('pointerdown', 0.9, 0.95);
    await touch('pointermove', 0.6, 0.7);
    await touch('pointermove', 0.3, 0.4);
    await touch('pointerup', 0.3, 0.4);
    await dialog.getByRole('button', { name: 'Save area' }).click();
    await dialog.waitFor({ state: 'detached' });
    near(await roiOf('entry-1'), { x: 0.3, y: 0.4, w: 0.6, h: 0.55 });

    // The keyboard: the four per-cent fields, Enter saves; a sliver is refused in words.
    await card.getByRole('button', { name: 'Reading area' }).click();
    await dialog.getByLabel('Left (%)').fill('25');
    await dialog.getByLabel('Top (%)').fill('50');
    await dialog.getByLabel('Width (%)').fill('2');
    await dialog.getByLabel('Height (%)').fill('40');
    await dialog.getByLabel('Height (%)').press('Enter');
    await dialog.getByText('The area must be at least 5% wide and high').waitFor();
    await dialog.getByLabel('Width (%)').fill('50');
    await dialog.getByLabel('Width (%)').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await roiOf('entry-1'), { x: 0.25, y: 0.5, w: 0.5, h: 0.4 });

    // Whole picture clears it; the card's outline goes.
    await card.getByRole('button', { name: 'Reading area' }).click();
    await dialog.getByRole('button', { name: 'Whole picture' }).click();
    await page.getByText('Entry 1 reads the whole picture again.').waitFor();
    assert.equal(await roiOf('entry-1'), null);
    await card.getByTestId('lane-entry-1-roi').waitFor({ state: 'detached' });
  });

  it('offers a cashier no reading-area button', async () => {
    const page = await booth.open({ width: 1366, height: 900 });
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN', { exact: true }).fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const card = page.getByTestId('lane-entry-1');
    await card.getByRole('button', { name: 'Trigger read' }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Reading area' }).count(), 0);
  });
});
