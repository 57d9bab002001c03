/**
 * A keyboard-wedge scanner at the booth, in Debian Chromium against the headless host: the
 * scanner types its code as a burst of keystrokes (the AIM identifier "]Q1" first, Enter last)
 * into whatever has focus. With the cash field focused mid-payment, the member card's burst is
 * routed as a scan (the member panel shows the member pulled from the reference server through
 * sync) and the cash field keeps exactly what the cashier typed. A person typing "]" slowly
 * keeps it. The keys go in through Chromium's input pipeline (CDP Input.dispatchKeyEvent, as
 * Playwright's keyboard does) stamped with the times a scanner (8 ms apart) or a person (200 ms
 * apart) would press them, so a loaded test machine cannot change which one it is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { demoPin, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from '../sync/support/synced-station';
import { putAna } from '../sync/support/members';

/** Presses each character of `text` (and Enter after, if asked) `gapMs` apart on the keys' clock. */
async function keysAt(page: Page, text: string, gapMs: number, enter = false): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...text].map((ch) => ({ key: ch, text: ch }));
  if (enter) keys.push({ key: 'Enter', text: '\r' });
  const sends = keys.flatMap(({ key, text: typed }, i) => {
    const timestamp = start + (i * gapMs) / 1000;
    const code = key === 'Enter' ? { windowsVirtualKeyCode: 13, code: 'Enter' } : {};
    return [
      { type: 'keyDown' as const, key, text: typed, timestamp, ...code },
      { type: 'keyUp' as const, key, timestamp, ...code },
    ];
  });
  if (gapMs < 50) {
    // A scanner's burst: all queued at once, like a HID device's reports.
    await Promise.all(sends.map((e) => cdp.send('Input.dispatchKeyEvent', e)));
  } else {
    for (const e of sends) {
      await cdp.send('Input.dispatchKeyEvent', e);
      if (e.type === 'keyUp') await new Promise((r) => setTimeout(r, gapMs));
    }
  }
  await cdp.detach();
}

describe('a keyboard-wedge scanner in the browser', { timeout: 120_000 }, () => {
  let server: Server;
  let h: Harness;
  let booth: BrowserBooth;

  before(async () => {
    server = await startServer('sqlite');
    let stationId: string;
    ({ h, stationId } = await startSyncedStation(server));
    // The operator's member, with the card the scanner reads.
    await putAna(server, stationId, { plate: 'B123ANA', label: null });
    await h.signIn('cashier', 'other-booth');
    assert.equal((await h.call('sync:now', {}, 'other-booth')).state, 'online');
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
    await server?.close();
  });

  it('routes a burst into the focused cash field as a scan; the field keeps what was typed', async () => {
    const plate = 'B77WDG';
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
    h.clock.advanceMinutes(40);
    const page = await booth.open({ width: 1366, height: 768 });
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN', { exact: true }).fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();

    await page.keyboard.press('F2');
    await page.keyboard.type(plate);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: plate }).waitFor();
    await page.keyboard.press('F9');
    const cash = page.getByRole('region', { name: 'Cash payment' }).getByLabel('Cash tendered');
    await cash.waitFor();
    await keysAt(page, '12', 200);
    assert.equal(await cash.inputValue(), '12');

    // The member's card, as the scanner types it.
    await keysAt(page, ']Q1MBR-0001-ANA', 8, true);
    const panel = page.getByRole('region', { name: 'Loyalty member' });
    await panel
      .getByText(/Ana Popescu/)
      .first()
      .waitFor();
    assert.equal(await cash.inputValue(), '12', 'the scan never reached the cash field');
    assert.equal(await page.getByRole('region', { name: 'Cash payment' }).count(), 1, 'still open');

    // A person who types "]" and more, at a person's pace, keeps every key.
    await cash.fill('');
    await keysAt(page, ']5', 200);
    // Read from here, not by a string evaluated in the page (the console's CSP forbids eval).
    const focused = page.locator('input:focus');
    for (const deadline = Date.now() + 5_000; ;) {
      if ((await focused.count()) === 1 && (await focused.inputValue()) === ']5') break;
      if (Date.now() > deadline) throw new Error('the typed "]5" never reached the field');
      await new Promise((r) => setTimeout(r, 50));
    }
    await page.context().close();
  });
});
