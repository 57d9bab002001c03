/**
 * Bookings from the operator's app, end to end on real parts: the reference server on
 * 127.0.0.1 takes a booking in its demo app and signs its e-token with the demo operator's
 * Ed25519 key; a whole station (real SQLite file) pulls the booking and the public key through
 * sync and checks tokens offline with node:crypto. Good, forged, altered, expired, replayed,
 * wrong-station and unreadable tokens; every attempt journaled; the running-late extension
 * and a cancellation from the app; check-in still working with the server gone.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { JournalEntryView } from '../../../src-shared';
import type { BookingView, TokenScanResult } from '../../../src-shared/contract/bookings';
import {
  encodeEtoken,
  parseEtoken,
  signingInput,
  type EtokenPayload,
} from '../../../src-shared/domain/bookings';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { demoPin, type Harness } from '../../support/station-harness';
import { startSyncedStation } from './support/synced-station';

const MINUTE = 60_000;

describe('bookings and e-tokens through sync', { timeout: 180_000 }, () => {
  let server: Server;
  let h: Harness;
  let stationId = '';
  let serverUp = true;
  const manager = 'manager-console';

  before(async () => {
    server = await startServer('sqlite');
    ({ h, stationId } = await startSyncedStation(server));
    await h.signIn('cashier');
    await h.signIn('manager', manager);
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    if (serverUp) await server?.close();
  });

  /** A customer books in the operator's app; the station pulls it. */
  async function bookInApp(
    plate: string,
    startsInMinutes: number,
    opts: { resource?: { kind: 'pump' | 'bay'; id: string }; station?: string; pull?: false } = {},
  ): Promise<{ id: string; token: string }> {
    const res = await server.admin.post('/admin/bookings', {
      station: opts.station ?? stationId,
      plate,
      resource: opts.resource ?? { kind: 'pump', id: 'pump-1' },
      startsAt: h.clock.now + startsInMinutes * MINUTE,
      durationMinutes: 15,
      contact: 'Ana P.',
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    if (opts.pull !== false) assert.equal((await h.call('sync:now', {})).state, 'online');
    return { id: res.data.booking.id as string, token: res.data.token as string };
  }

  const scan = (token: string): Promise<TokenScanResult> => h.call('bookings:scanToken', { token });
  const bookingOf = async (id: string): Promise<BookingView> => {
    const day = await h.call('bookings:list', { from: 0, to: h.clock.now + 7 * 86_400_000 });
    const b = day.bookings.find((x) => x.id === id);
    assert.ok(b, `booking ${id} is on the schedule`);
    return b;
  };
  const journal = (aggregateId: string): Promise<JournalEntryView[]> =>
    h.call('journal:list', { aggregateId, limit: 20 }, manager);

  async function assertRefused(token: string, reason: string, message: RegExp) {
    const before = (await h.call('journal:list', { type: 'etoken.refused', limit: 1 }, manager))[0];
    const result = await scan(token);
    assert.equal(result.accepted, false, JSON.stringify(result));
    assert.equal(!result.accepted && result.reason, reason);
    assert.match(!result.accepted ? result.message : '', message);
    const [logged] = await h.call('journal:list', { type: 'etoken.refused', limit: 1 }, manager);
    assert.ok(logged && logged.seq !== before?.seq, 'the attempt is journaled');
    assert.equal((logged.payload as { reason: string }).reason, reason);
    return logged;
  }

  it('a booking made in the app arrives with its token key, and its token checks it in', async () => {
    const { id, token } = await bookInApp('B123ABC', 5);
    const pulled = await bookingOf(id);
    assert.deepEqual(
      [pulled.source, pulled.status, pulled.state, pulled.plate, pulled.contact],
      ['app', 'booked', 'due', 'B123ABC', 'Ana P.'],
    );
    const result = await scan(`${token}\n`);
    assert.equal(result.accepted, true, JSON.stringify(result));
    assert.equal(result.accepted && result.booking.status, 'checked-in');
    assert.equal(result.accepted && result.booking.checkedInVia, 'etoken');
    const events = await journal(id);
    const checkedIn = events.find((e) => e.type === 'booking.checkedIn')!;
    assert.deepEqual(checkedIn.payload, {
      via: 'etoken',
      laneId: null,
      tokenId: parseEtoken(token).ok
        ? (parseEtoken(token) as { payload: EtokenPayload }).payload.tid
        : '',
      lateByMs: -5 * MINUTE,
    });
    const [accepted] = await h.call('journal:list', { type: 'etoken.accepted', limit: 1 }, manager);
    assert.equal(accepted?.at, checkedIn.at, 'the token and the check-in commit together');
    assert.equal(accepted?.seq, checkedIn.seq - 1);

    // The same QR code again: single use.
    await assertRefused(
      token,
      'replayed',
      /Already used at \d\d:\d\d: each QR code checks in once/,
    );
    assert.equal((await bookingOf(id)).status, 'checked-in');
  });

  it('a token for a booking not pulled yet checks in: the operator signed all it needs', async () => {
    const { id, token } = await bookInApp('B150NEW', 5, {
      resource: { kind: 'bay', id: 'bays' },
      pull: false,
    });
    const before = await h.call('bookings:list', { from: 0, to: h.clock.now + 86_400_000 });
    assert.equal(
      before.bookings.some((b) => b.id === id),
      false,
      'not pulled yet',
    );
    const result = await scan(token);
    assert.equal(result.accepted, true, JSON.stringify(result));
    assert.deepEqual(
      result.accepted && [result.booking.source, result.booking.status, result.booking.plate],
      ['app', 'checked-in', 'B150NEW'],
    );
    // The pull brings the same booking later: one booking, still checked in.
    await h.call('sync:now', {});
    const after = await h.call('bookings:list', { from: 0, to: h.clock.now + 86_400_000 });
    const same = after.bookings.filter((b) => b.id === id);
    assert.equal(same.length, 1);
    assert.equal(same[0]!.status, 'checked-in');
    assert.equal(same[0]!.contact, 'Ana P.', 'what only the pull carries comes with it');
  });

  it("a forged token (not the operator's key) is refused and journaled", async () => {
    const { id, token } = await bookInApp('B200FRG', 10);
    const genuine = parseEtoken(token);
    assert.ok(genuine.ok);
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = encodeEtoken(
      genuine.payload,
      new Uint8Array(sign(null, Buffer.from(signingInput(genuine.payload)), privateKey)),
    );
    const logged = await assertRefused(
      forged,
      'forged',
      /Forged: the signature is not the operator's/,
    );
    assert.equal(logged.aggregateId, genuine.payload.tid);
    assert.equal((logged.payload as { bookingId: string }).bookingId, id);
    assert.equal((await bookingOf(id)).status, 'booked', 'nothing checked in');
    // A made-up booking under the operator's key id, signed by someone else: forged too.
    const madeUp = { ...genuine.payload, bid: 'bk-made-up', tid: 'et-made-up' };
    await assertRefused(
      encodeEtoken(
        madeUp,
        new Uint8Array(sign(null, Buffer.from(signingInput(madeUp)), privateKey)),
      ),
      'forged',
      /Forged/,
    );
    // The genuine one still works afterwards.
    assert.equal((await scan(token)).accepted, true);
  });

  it('an altered token (the plate changed after signing) is refused as altered', async () => {
    const { id, token } = await bookInApp('B300ALT', 10);
    const genuine = parseEtoken(token);
    assert.ok(genuine.ok);
    const signature = Buffer.from(token.split('.')[2]!, 'base64url');
    const altered = encodeEtoken(
      { ...genuine.payload, plate: 'B999XYZ' },
      new Uint8Array(signature),
    );
    await assertRefused(altered, 'altered', /Altered: this QR code's plate no longer matches/);
    assert.equal((await bookingOf(id)).status, 'booked');
  });

  it('an expired token is refused once check-in closed; the booking became a no-show', async () => {
    const { id, token } = await bookInApp('B400EXP', 2);
    h.clock.advanceMinutes(2 + 16); // past the 15 minutes of late grace
    await assertRefused(
      token,
      'expired',
      /Expired: check-in closed at \d\d:\d\d\. Offer a walk-in/,
    );
    const b = await bookingOf(id);
    assert.equal(b.status, 'no-show');
    assert.ok((await journal(id)).some((e) => e.type === 'booking.noShow'));
    // The customer is served as a walk-in instead: not counted as a no-show any more.
    const converted = await h.call('bookings:convertToWalkIn', {
      bookingId: id,
      reason: 'came late',
    });
    assert.deepEqual([converted.status, converted.walkIn, converted.noShows], ['expired', true, 0]);
  });

  it('a token for another station is refused as wrong-station', async () => {
    const other = await server.station('other-station');
    const { token } = await bookInApp('B500OTH', 5, { station: other.id });
    await assertRefused(token, 'wrong-station', /another station \(other-station\)/);
  });

  it('what is not a token is refused as unreadable, and journaled', async () => {
    const logged = await assertRefused('B123ABC', 'malformed', /Not a booking QR code/);
    assert.equal(logged.aggregateId, 'unreadable');
    assert.match((logged.payload as { tokenDigest: string }).tokenDigest, /^[0-9a-f]{32}$/);
  });

  it('running late in the app extends check-in; a cancellation in the app cancels', async () => {
    const late = await bookInApp('B600LAT', 0);
    const res = await server.admin.post(`/admin/bookings/${late.id}/late`, {
      station: stationId,
      minutes: 40,
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    await h.call('sync:now', {});
    const extended = await bookingOf(late.id);
    assert.equal(extended.closesAt, extended.startsAt + 40 * MINUTE);
    const [event] = (await journal(late.id)).filter((e) => e.type === 'booking.extended');
    assert.equal((event?.payload as { closesAt: number }).closesAt, extended.closesAt);
    h.clock.advanceMinutes(30); // past the usual 15 minutes, inside the 40
    const result = await scan(late.token);
    assert.equal(result.accepted, true, JSON.stringify(result));

    const gone = await bookInApp('B700CAN', 20);
    await server.admin.post(`/admin/bookings/${gone.id}/cancel`, { station: stationId });
    await h.call('sync:now', {});
    assert.equal((await bookingOf(gone.id)).status, 'cancelled');
    await assertRefused(gone.token, 'not-bookable', /is cancelled/);
  });

  it("the operator page's booking form shows a QR code that checks in at the booth", async () => {
    // The form books from the operator's own clock: the booth's clock catches up with it.
    h.clock.now = ((await server.admin.get('/admin/clock')).data as { now: number }).now;
    // A week on, both consoles locked for idleness: their PINs open them again.
    await h.call('operator:unlock', { pin: demoPin('cashier') });
    await h.call('operator:unlock', { pin: demoPin('manager') }, manager);
    const form = new URLSearchParams({
      plate: 'b 900 qr',
      resource: 'bay:bays',
      startsIn: '0',
      duration: '60',
      contact: 'Ion',
      station: stationId,
    });
    const page = await server.admin.post(
      `/operator/book?key=${encodeURIComponent(server.server.adminToken)}`,
      form.toString(),
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    assert.equal(page.status, 200, String(page.data));
    const html = String(page.data);
    const text = /<textarea[^>]*>([^<]+)<\/textarea>/.exec(html)?.[1] ?? '';
    assert.match(text, /^ET1\./);
    // The QR code on the page carries exactly the token text (read back with Debian's zbarimg).
    const png = /src="data:image\/png;base64,([^"]+)"/.exec(html)?.[1] ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'etoken-qr-'));
    try {
      writeFileSync(join(dir, 'qr.png'), Buffer.from(png, 'base64'));
      const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', join(dir, 'qr.png')]);
      assert.equal(stdout.trim(), text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await h.call('sync:now', {});
    const result = await scan(text);
    assert.equal(result.accepted, true, JSON.stringify(result));
    assert.deepEqual(
      result.accepted && [result.booking.plate, result.booking.resource, result.booking.contact],
      ['B900QR', { kind: 'bay', id: 'bays' }, 'Ion'],
    );
  });

  it('tokens are checked offline, from the keys last pulled', async () => {
    const { id, token } = await bookInApp('B800OFF', 5);
    await server.close();
    serverUp = false;
    assert.equal((await h.call('sync:now', {})).state, 'offline');
    const result = await scan(token);
    assert.equal(result.accepted, true, JSON.stringify(result));
    assert.equal((await bookingOf(id)).status, 'checked-in');
  });
});
