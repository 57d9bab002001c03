/**
 * A payment made in the operator's app lets a car out at the exit lane, end to end: the real
 * reference server on 127.0.0.1 records the app payment, the station pulls it (sync:now), and
 * a read at the exit settles the stay with it (method 'app', the amount due), opens the barrier
 * and marks the app payment used, so it never opens a barrier twice.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from './support/synced-station';
import type { Harness } from '../../support/station-harness';

describe('a payment made in the operator app opens the exit', { timeout: 120_000 }, () => {
  let server: Server;
  let h: Harness;
  let stationId = '';

  before(async () => {
    server = await startServer('sqlite');
    ({ h, stationId } = await startSyncedStation(server));
    await h.signIn('manager');
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  /** The station's database, read beside it (WAL lets a reader in while it runs). */
  function query<T>(sql: string, ...args: unknown[]): T[] {
    const db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }

  async function enterAndStay(plate: string, minutes: number) {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    h.clock.advanceMinutes(minutes);
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const quote = await h.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 0, 'the car owes money');
    return { sessionId, quote };
  }

  /** The server's clock reads the station's (test) clock: validUntil is station time + 15 min. */
  async function alignServerClock() {
    const res = await server.admin.put('/admin/clock', { offsetMs: h.clock.now - Date.now() });
    assert.equal(res.status, 200);
  }

  async function payInApp(plate: string, amountMinor: number, currency: string) {
    await alignServerClock();
    const res = await server.admin.post('/admin/app-payments', {
      plate,
      amountMinor,
      currency,
      stations: [stationId],
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal((await h.call('sync:now', {})).state, 'online');
    return res.data as { id: string; reference: string; amountMinor: number };
  }

  it('settles the stay with the app payment, opens the gate, and never reuses it', async () => {
    const { sessionId, quote } = await enterAndStay('B123APP', 90);
    const app = await payInApp('B123APP', quote.dueMinor + 500, quote.currency);

    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B123APP' });
    assert.deepEqual(out, { kind: 'exited', sessionId, gate: 'open' });
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'exit-1')!;
    assert.match(lane.message!.text, new RegExp(app.reference));

    // The station's payment is what was due (not the app amount), method app, no change.
    const payments = query<Record<string, unknown>>(
      'SELECT method, amount_minor, tendered_minor, change_minor, currency FROM payments WHERE session_id = ?',
      sessionId,
    );
    assert.deepEqual(payments, [
      {
        method: 'app',
        amount_minor: quote.dueMinor,
        tendered_minor: quote.dueMinor,
        change_minor: 0,
        currency: quote.currency,
      },
    ]);
    const session = await h.call('sessions:get', { sessionId });
    assert.equal(session.state, 'closed');
    assert.equal(session.paidMinor, quote.dueMinor);
    const uses = query<{ session_id: string }>(
      'SELECT session_id FROM app_payment_uses WHERE app_payment_id = ?',
      app.id,
    );
    assert.deepEqual(
      uses.map((u) => u.session_id),
      [sessionId],
    );

    // Journaled with the app's reference, and the stay closed after it.
    const journal = await h.call('journal:list', { type: 'payment.', limit: 5 });
    const fromApp = journal.find((e) => e.type === 'payment.fromApp')!;
    assert.deepEqual(fromApp.payload, {
      sessionId,
      appPaymentId: app.id,
      reference: app.reference,
      amountMinor: quote.dueMinor,
      appAmountMinor: quote.dueMinor + 500,
      currency: quote.currency,
    });
    const closed = await h.call('journal:list', { aggregateId: sessionId, limit: 5 });
    assert.equal(closed[0]!.type, 'session.closed');

    // The same plate comes back later: the used app payment pays nothing more.
    h.clock.advanceMinutes(60); // past the re-entry window: a new stay
    const again = await enterAndStay('B123APP', 90);
    const refused = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B123APP' });
    assert.deepEqual(refused, {
      kind: 'unpaid',
      sessionId: again.sessionId,
      dueMinor: again.quote.dueMinor,
    });
    assert.equal(
      query('SELECT 1 FROM app_payment_uses WHERE app_payment_id = ?', app.id).length,
      1,
    );

    // The server gets the payment with the rest of the journal.
    await h.call('sync:now', {});
    const held = await server.held(stationId);
    assert.ok(held.some((e) => e.event.type === 'payment.fromApp' && e.event.id === fromApp.id));
  });

  it('an app payment short of the due does not open: the lane says what remains', async () => {
    const { sessionId, quote } = await enterAndStay('B124APP', 90);
    const app = await payInApp('B124APP', quote.dueMinor - 100, quote.currency);

    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B124APP' });
    assert.deepEqual(out, { kind: 'unpaid', sessionId, dueMinor: quote.dueMinor });
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'exit-1')!;
    assert.equal(lane.gateState === 'open' && lane.message?.tone === 'ok', false);
    assert.match(lane.message!.text, new RegExp(`${app.reference} is 1,00 lei short`));
    assert.equal(lane.message!.amountMinor, quote.dueMinor);
    assert.equal(
      query('SELECT 1 FROM app_payment_uses WHERE app_payment_id = ?', app.id).length,
      0,
    );
    assert.equal(query('SELECT 1 FROM payments WHERE session_id = ?', sessionId).length, 0);
  });

  it('an expired app payment, or one for fuel, pays nothing', async () => {
    const { sessionId, quote } = await enterAndStay('B125APP', 30);
    await alignServerClock();
    const fuel = await server.admin.post('/admin/app-payments', {
      plate: 'B125APP',
      purpose: 'fuel',
      amountMinor: quote.dueMinor * 10,
      currency: quote.currency,
      stations: [stationId],
    });
    assert.equal(fuel.status, 200, JSON.stringify(fuel.data));
    await payInApp('B125APP', quote.dueMinor * 10, quote.currency);
    h.clock.advanceMinutes(16); // past the app payment's 15 minutes
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B125APP' });
    assert.equal(out.kind, 'unpaid');
    assert.equal(query('SELECT 1 FROM payments WHERE session_id = ?', sessionId).length, 0);
  });
});
