/**
 * The managers' exceptions on a whole station (real SQLite file, real dispatcher, the simulated
 * gate): a manual gate open and a car entering twice are raised from the journal, an
 * acknowledgement is journaled, and a rebuild from the journal makes the same rows.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../../src-main/db/database';
import { ExceptionRepository } from '../../../src-main/db/repositories/exception-repository';
import { ExceptionConsumer } from '../../../src-main/exceptions/exception-consumer';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { EventHub } from '../../../src-main/ipc/event-hub';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { startHarness, type Harness } from '../../support/station-harness';

describe('exceptions raised from the journal of a running station', () => {
  let h: Harness;
  let entrySeqs: number[] = [];
  // A data folder of the test's own: the station is stopped and the file read again at the end.
  const dataDir = mkdtempSync(join(tmpdir(), 'exceptions-'));

  const heard: unknown[] = [];

  before(async () => {
    h = await startHarness({}, { dataDir });
    h.station.events.subscribe((event, payload) => {
      if (event === 'exceptions:changed') heard.push(payload);
    });
    await h.signIn('manager');
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'TM10ABC' });
    assert.equal(entered.kind, 'entered');
    // The car is back at the entry half an hour later, with no exit in between.
    h.clock.advanceMinutes(30);
    const again = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'TM10ABC' });
    assert.equal(again.kind, 'already-inside');
    await h.call('lanes:openGate', { laneId: 'exit-1', reason: 'delivery van' });
    const journal = await h.call('journal:list', { limit: 200 });
    entrySeqs = journal
      .filter((e) => e.type === 'session.opened' || e.type === 'plate.read')
      .map((e) => e.seq)
      .sort((a, b) => a - b);
  });
  after(async () => {
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the gate opened without a transaction, linked to its override and open events', async () => {
    const list = await h.call('exceptions:list', {});
    // Every console was told the exceptions changed (the count only; the list is a manager's).
    assert.ok(
      heard.length > 0 && heard.every((p) => Number((p as { changed: number }).changed) > 0),
    );
    const gates = list.filter((x) => x.kind === 'gate-without-transaction');
    assert.equal(gates.length, 1, 'one open, one exception');
    const gate = gates[0]!;
    assert.equal(gate.subject, 'exit-1');
    const events = await h.call('journal:list', { aggregateId: 'exit-1', limit: 50 });
    const typeOf = (seq: number) => events.find((e) => e.seq === seq)?.type;
    // The override's reason, the open as requested, and the open as the barrier read it back.
    assert.deepEqual(gate.seqs.map(typeOf), [
      'gate.overridden',
      'gate.commanded',
      'gate.commanded',
    ]);
    assert.equal(gate.detail.outcome, 'open');
    assert.equal(gate.acknowledgement, null);
  });

  it('lists the double entry, linked to the first entry and the second read, with photos', async () => {
    const list = await h.call('exceptions:list', {});
    const twice = list.find((x) => x.kind === 'double-entry');
    assert.ok(twice, `raised: ${list.map((x) => x.kind).join(', ')}`);
    assert.equal(twice.subject, 'TM10ABC');
    // plate.read, session.opened, then the second plate.read: the last two are linked.
    assert.deepEqual(twice.seqs, entrySeqs.slice(1));
    assert.equal(twice.photoIds.length, 2, 'the entry photo and the second read photo');
  });

  it('acknowledges one with a note, as a journal event by the manager; it leaves the open list', async () => {
    const gate = (await h.call('exceptions:list', {})).find(
      (x) => x.kind === 'gate-without-transaction',
    )!;
    const acked = await h.call('exceptions:acknowledge', {
      id: gate.id,
      note: 'van with the tills, checked',
    });
    assert.equal(acked.acknowledgement?.by, 'manager');
    assert.equal(acked.acknowledgement?.note, 'van with the tills, checked');
    const [event] = await h.call('journal:list', { type: 'exception.', limit: 5 });
    assert.equal(event?.seq, acked.acknowledgement?.seq);
    assert.equal(event?.aggregateId, gate.id);
    assert.equal(event?.actor, 'manager');
    const open = await h.call('exceptions:list', {});
    assert.ok(!open.some((x) => x.id === gate.id));
    const all = await h.call('exceptions:list', { openOnly: false });
    assert.ok(all.some((x) => x.id === gate.id));
  });

  it('refuses an acknowledgement of no exception, and a cashier', async () => {
    const none = await h.raw('exceptions:acknowledge', { id: 'overstay:nobody', note: 'hmm ok' });
    assert.equal(none.ok ? 'ok' : none.error.code, 'NOT_FOUND');
    await h.signIn('cashier', 'booth-2');
    const cashier = await h.raw('exceptions:list', {}, 'booth-2');
    assert.equal(cashier.ok ? 'ok' : cashier.error.code, 'NOT_ALLOWED');
  });

  it('a rebuild from the journal gives the same exceptions and acknowledgements', async () => {
    const before = await h.call('exceptions:list', { openOnly: false });
    const dbFile = join(dataDir, 'station.db');
    await h.stop();
    const db = openDatabase(dbFile);
    try {
      const repo = new ExceptionRepository(db);
      const stored = repo.all();
      assert.deepEqual(stored.map((x) => x.id).sort(), before.map((x) => x.id).sort());
      const consumer = new ExceptionConsumer({
        journal: new Journal(db, randomBytes(32), 'station-1'),
        repo,
        transact: (fn) => db.transaction(fn)(),
        thresholds: stationConfigSchema.shape.exceptions.parse(undefined),
        events: new EventHub(createLogger('test', true)),
      });
      assert.ok(consumer.rebuild() > 0);
      assert.deepEqual(repo.all(), stored);
    } finally {
      db.close();
    }
    h = await startHarness({}, { dataDir });
  });
});
