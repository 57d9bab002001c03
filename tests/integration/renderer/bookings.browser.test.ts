/**
 * Bookings and e-tokens at the booth, in Debian Chromium against the headless host, on real
 * parts: the reference server on 127.0.0.1 takes bookings in its demo app and signs their
 * e-tokens with the operator's Ed25519 key; a whole station pulls them and the public key
 * through sync. The cashier types each QR code into the Schedule's scan box as a keyboard-wedge
 * scanner does (text, then Enter):
 *   a valid token checks its customer in; the same token again is refused; a forged one is
 *   refused and journaled; an expired one is refused; a booked plate typed at the entry lane
 *   checks its booking in; a no-show frees its slot, which the cashier then books for a caller
 *   from the booth's New booking form (refused by the same form while the slot was taken).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { JournalEntryView } from '../../../src-shared';
import { encodeEtoken, parseEtoken, signingInput } from '../../../src-shared/domain/bookings';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight } from '../../support/in-sight';
import { demoPin, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from '../sync/support/synced-station';

const MINUTE = 60_000;
type Resource = { kind: 'pump' | 'bay'; id: string };

describe('bookings and e-tokens in the browser', { timeout: 240_000 }, () => {
  let server: Server;
  let h: Harness;
  let stationId = '';
  let booth: BrowserBooth;
  let page: Page;
  const manager = 'manager-console';

  before(async () => {
    server = await startServer('sqlite');
    ({ h, stationId } = await startSyncedStation(server));
    await h.signIn('manager', manager);
    booth = await startBrowserBooth(h.station);
    page = await booth.open({ width: 1366, height: 768 });
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN', { exact: true }).fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operator').waitFor();
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
    await server?.close();
  });

  /** A customer books in the operator's app; the station pulls it and its token key. */
  async function bookInApp(
    plate: string,
    startsInMinutes: number,
    resource: Resource = { kind: 'pump', id: 'pump-1' },
    durationMinutes = 15,
  ): Promise<{ id: string; token: string }> {
    const res = await server.admin.post('/admin/bookings', {
      station: stationId,
      plate,
      resource,
      startsAt: h.clock.now + startsInMinutes * MINUTE,
      durationMinutes,
      contact: 'Ana P.',
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal((await h.call('sync:now', {}, manager)).state, 'online');
    return { id: res.data.booking.id as string, token: res.data.token as string };
  }

  /** The Schedule screen, opened afresh (it reloads the day as the station's clock has it). */
  async function schedule() {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Lanes/ })
      .click();
    await page.keyboard.press('F7');
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor();
  }

  /** Types the token as a wedge scanner does and returns what the screen says of it. */
  async function scan(token: string): Promise<string> {
    const previous = (await page.getByTestId('scan-outcome').count())
      ? await page.getByTestId('scan-outcome').textContent()
      : '';
    const box = page.getByRole('textbox', { name: 'QR code' });
    await box.fill(token);
    await box.press('Enter');
    const outcome = page.getByTestId('scan-outcome');
    // Each scan here says something other than the one before: wait for the new words. Read
    // from here, not by a string evaluated in the page: the console's CSP forbids eval, and
    // Playwright evaluates such a string there whenever its first look finds nothing yet.
    for (const deadline = Date.now() + 15_000; ;) {
      const now = (await outcome.count()) ? await outcome.textContent() : '';
      if (now && now !== previous) break;
      if (Date.now() > deadline) throw new Error(`no new scan outcome after "${previous}"`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return outcome.innerText();
  }

  const refusals = (): Promise<JournalEntryView[]> =>
    h.call('journal:list', { type: 'etoken.refused', limit: 5 }, manager);

  it('checks a valid token in; the same token again, a forged one and an expired one are refused', async () => {
    const good = await bookInApp('B123ABC', 5);
    await schedule();
    assert.match(await scan(good.token), /^Checked in: B123ABC for CNG pump 1\.$/);
    await page.getByRole('button', { name: /^B123ABC at \d\d:\d\d: Checked in$/ }).waitFor();

    assert.match(await scan(good.token), /^Refused \(replayed\)/);

    const target = await bookInApp('B200FRG', 10, { kind: 'pump', id: 'pump-1' }, 15);
    const genuine = parseEtoken(target.token);
    assert.ok(genuine.ok);
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = encodeEtoken(
      genuine.payload,
      new Uint8Array(sign(null, Buffer.from(signingInput(genuine.payload)), privateKey)),
    );
    const seenBefore = (await refusals())[0]?.seq ?? 0;
    assert.match(
      await scan(forged),
      /^Refused \(forged\): Forged: the signature is not the operator's/,
    );
    const [logged] = await refusals();
    assert.ok(logged && logged.seq > seenBefore, 'the forged attempt is journaled');
    assert.equal((logged.payload as { reason: string }).reason, 'forged');
    await page.getByRole('button', { name: /^B200FRG at \d\d:\d\d: Due$/ }).waitFor();

    // Past its late grace, the token is expired and the booking a no-show.
    const late = await bookInApp('B400EXP', 2);
    h.clock.advanceMinutes(2 + 16);
    await schedule();
    assert.match(
      await scan(late.token),
      /^Refused \(expired\): Expired: check-in closed at \d\d:\d\d/,
    );
    await page.getByRole('button', { name: /^B400EXP at \d\d:\d\d: No-show$/ }).waitFor();
  });

  it('checks a bay booking in when its plate is typed at the entry lane within the window', async () => {
    await bookInApp('B301PLT', 5, { kind: 'bay', id: 'bays' }, 60);
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Lanes/ })
      .click();
    const lane = page.getByTestId('lane-entry-1');
    await lane.getByLabel('Manual plate').fill('B301PLT');
    await lane.getByRole('button', { name: 'Manual entry' }).click();
    await page.keyboard.press('F7');
    await page.getByRole('button', { name: /^B301PLT at \d\d:\d\d: Checked in$/ }).waitFor();
    const card = async () => {
      await page.getByRole('button', { name: /^B301PLT at/ }).click();
      return page.getByTestId('booking-card').innerText();
    };
    assert.match(await card(), /Checked in/);
  });

  it('a no-show frees its slot, which the booth then books for a caller (by touch, 1280x800)', async () => {
    const touch = await booth.open({ width: 1280, height: 800 });
    await touch.getByLabel('Operator name').fill('cashier');
    await touch.getByLabel('PIN', { exact: true }).fill(demoPin('cashier'));
    await touch.getByRole('button', { name: 'Sign in' }).tap();
    await touch.getByTestId('operator').waitFor();
    // Two CNG pumps, one always kept for walk-ins: a booking holds the only bookable pump.
    await bookInApp('B500NOS', 5, { kind: 'pump', id: 'pump-1' }, 60);
    await touch
      .getByRole('navigation')
      .getByRole('button', { name: /^Schedule/ })
      .tap();
    await touch.getByRole('heading', { name: "Today's schedule" }).waitFor();

    async function bookForCaller(plate: string, inMinutes: number): Promise<void> {
      await touch.getByRole('button', { name: 'New booking' }).tap();
      const dialog = touch.getByRole('dialog', { name: 'Book a slot for a caller or a walk-in' });
      await dialog.getByLabel('Pump or bay').selectOption({ label: 'CNG pump 2' });
      const at = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Bucharest',
        hour: '2-digit',
        minute: '2-digit',
      }).format(Math.ceil((h.clock.now + inMinutes * MINUTE) / (5 * MINUTE)) * 5 * MINUTE);
      await dialog.getByLabel(/^Starts at/).fill(at);
      await dialog.getByLabel('Minutes').fill('15');
      await dialog.getByLabel('Plate').fill(plate);
      await dialog.getByLabel('Contact (optional)').fill('+40 700 000 001');
      await dialog.getByLabel('On the phone').check();
      for (const name of ['Book', 'Cancel']) {
        await assertInSight(touch, dialog.getByRole('button', { name }), `${name} at 1280x800`);
      }
      await dialog.getByRole('button', { name: 'Book' }).tap();
    }

    // While B500NOS holds the slot, the caller is refused and told why, in the form.
    await bookForCaller('B501NEW', 25);
    const dialog = touch.getByRole('dialog');
    await dialog.getByText(/kept free for walk-ins/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).tap();
    await dialog.waitFor({ state: 'detached' });

    // B500NOS never came: 16 minutes past its start the booking is a no-show, the slot free.
    h.clock.advanceMinutes(5 + 16);
    await touch
      .getByRole('navigation')
      .getByRole('button', { name: /^Lanes/ })
      .tap();
    await touch
      .getByRole('navigation')
      .getByRole('button', { name: /^Schedule/ })
      .tap();
    await touch.getByRole('button', { name: /^B500NOS at \d\d:\d\d: No-show$/ }).waitFor();
    await bookForCaller('B501NEW', 4);
    await touch.getByRole('dialog').waitFor({ state: 'detached' });
    await touch.getByRole('button', { name: /^B501NEW at \d\d:\d\d: (Upcoming|Due)$/ }).waitFor();
    const card = await touch.getByTestId('booking-card').innerText();
    assert.match(card, /B501NEW · CNG pump 2/);
    assert.match(card, /Booked by phone/);
    const day = await h.call('bookings:list', {}, manager);
    const made = day.bookings.find((b) => b.plate === 'B501NEW');
    assert.deepEqual(
      [made?.status, made?.source, made?.contact, made?.resource],
      ['booked', 'phone', '+40 700 000 001', { kind: 'pump', id: 'pump-2' }],
    );
    await touch.context().close();
  });
});
