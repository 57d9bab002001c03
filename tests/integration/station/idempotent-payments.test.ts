import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { requestKey, startHarness, testTariff, type Harness } from '../../support/station-harness';

describe('money requests carry an idempotency key (real station, SQLite file)', () => {
  let h: Harness;
  let db: Database.Database;
  const paymentsFor = (sessionId: string) =>
    (
      db.prepare('SELECT COUNT(*) AS n FROM payments WHERE session_id = ?').get(sessionId) as {
        n: number;
      }
    ).n;

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
  });
  after(async () => {
    db.close();
    await h.stop();
  });

  async function carOwing(plate: string, minutes: number) {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    h.clock.advanceMinutes(minutes);
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    return { sessionId, quote: await h.call('sessions:quote', { sessionId }) };
  }

  it('a replay long after the exit window returns the first payment and charges nothing', async () => {
    const { sessionId, quote } = await carOwing('REPLAY1', 40);
    const request = {
      sessionId,
      tenderedMinor: quote.dueMinor + 200,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    const first = await h.call('payments:cash', request);
    await h.untilPrintState(first.receipt.id, 'printed');
    h.clock.advanceMinutes(testTariff.exitGraceMinutes + 180);
    const dueNow = (await h.call('sessions:quote', { sessionId })).dueMinor;
    assert.ok(dueNow > 0, 'the car owes more by now, so a new charge would go through');
    const replay = await h.call('payments:cash', request);
    assert.equal(replay.payment.id, first.payment.id);
    assert.equal(replay.payment.changeMinor, 200);
    assert.equal(replay.receipt.printState, 'printed', 'the replay tells how its receipt printed');
    assert.equal(paymentsFor(sessionId), 1);
    assert.equal((await h.call('sessions:quote', { sessionId })).dueMinor, dueNow);
  });

  it('a double submit (two identical requests at once) charges once', async () => {
    const { sessionId, quote } = await carOwing('DOUBLE1', 25);
    const request = {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    const [a, b] = await Promise.all([
      h.call('payments:cash', request),
      h.call('payments:cash', request),
    ]);
    assert.equal(a.payment.id, b.payment.id);
    assert.equal(paymentsFor(sessionId), 1);
  });

  it('a key reused for a different request is refused and moves no money', async () => {
    const { sessionId, quote } = await carOwing('REUSE01', 30);
    const idempotencyKey = requestKey();
    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey,
    });
    const other = await h.raw('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor + 1000,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey,
    });
    assert.equal(other.ok, false);
    assert.equal(!other.ok && other.error.code, 'CONFLICT');
    assert.equal(paymentsFor(sessionId), 1);
  });

  it('a request without a key is refused before anything happens', async () => {
    const { sessionId, quote } = await carOwing('NOKEY01', 30);
    const res = await h.raw('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
    });
    assert.equal(!res.ok && res.error.code, 'INVALID_PAYLOAD');
    assert.equal(paymentsFor(sessionId), 0);
  });

  it('a lost-ticket charge replays to the same payment; a second charge of the alert is refused', async () => {
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'LOSTKEY1' });
    assert.equal(out.kind, 'no-record');
    const alertId = out.kind === 'no-record' ? out.alertId : '';
    const charge = {
      alertId,
      action: 'lostTicket' as const,
      tenderedMinor: testTariff.lostTicketFeeMinor,
      idempotencyKey: requestKey(),
    };
    const first = await h.call('alerts:resolve', charge);
    const replay = await h.call('alerts:resolve', charge);
    assert.equal(replay.payment?.payment.id, first.payment?.payment.id);
    assert.equal(replay.outcome.kind, 'exited');
    const again = await h.raw('alerts:resolve', { ...charge, idempotencyKey: requestKey() });
    assert.equal(again.ok, false);
    const rows = db
      .prepare(`SELECT COUNT(*) AS n FROM payments WHERE alert_id = ?`)
      .get(alertId) as { n: number };
    assert.equal(rows.n, 1);
  });
});
