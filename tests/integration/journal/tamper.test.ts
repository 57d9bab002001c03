/**
 * The journal on a real station database file: every booth action leaves its event, the chain
 * verifies, and each way of tampering with the file through raw SQL is either refused by the
 * database or found by the check (`npm run journal:verify`, and the station at start-up).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadStationConfig } from '../../../src-main/app/config';
import { createLogger } from '../../../src-main/platform/logger';
import { MemorySecretStore } from '../../../src-main/platform/secret-store';
import { startStation } from '../../../src-main/app/station';
import { requestKey, startHarness, testTariff } from '../../support/station-harness';

/** Runs the command-line check on a data directory. */
function verifyCli(dataDir: string): { code: number | null; summary: Record<string, unknown> } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/journal-verify.ts', '--data-dir', dataDir],
    { encoding: 'utf8' },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
  return { code: run.status, summary: JSON.parse(last) as Record<string, unknown> };
}

const brokenAt = (s: Record<string, unknown>) => (s.firstBroken as { seq: number } | null)?.seq;

describe('the journal on a real station database', () => {
  let original: string;
  const work: string[] = [];

  before(async () => {
    const h = await startHarness();
    await h.signIn('cashier');
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'JR01NAL' });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(45);
    const quote = await h.call('sessions:quote', { sessionId });
    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'JR01NAL' });
    const noRecord = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'NO1ENTRY' });
    await h.call('alerts:resolve', {
      alertId: noRecord.kind === 'no-record' ? noRecord.alertId : '',
      action: 'lostTicket',
      tenderedMinor: testTariff.lostTicketFeeMinor,
      idempotencyKey: requestKey(),
    });
    await h.call('operator:signOut', {});
    // Keep the data directory: stop the station without the harness removing it.
    await h.station.stop();
    original = h.dataDir;
  });
  after(() => {
    for (const dir of [original, ...work]) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the station's data directory to tamper with. */
  function copy(): { dir: string; db: Database.Database } {
    const dir = mkdtempSync(join(tmpdir(), 'journal-tamper-'));
    cpSync(original, dir, { recursive: true });
    work.push(dir);
    return { dir, db: new Database(join(dir, 'station.db')) };
  }

  it('records what happened, in order, with per-aggregate sequence numbers', () => {
    const db = new Database(join(original, 'station.db'), { readonly: true });
    const rows = db
      .prepare(
        'SELECT type, aggregate_type, aggregate_id, aggregate_seq, actor FROM journal ORDER BY seq',
      )
      .all() as {
      type: string;
      aggregate_type: string;
      aggregate_id: string;
      aggregate_seq: number;
      actor: string;
    }[];
    db.close();
    const types = rows.map((r) => r.type);
    for (const t of [
      'tariff.changed',
      'operator.signedIn',
      'plate.read',
      'gate.commanded',
      'session.opened',
      'payment.taken',
      'receipt.printed',
      'session.closed',
      'alert.raised',
      'alert.resolved',
      'operator.signedOut',
    ]) {
      assert.ok(types.includes(t), `journal has a ${t} event`);
    }
    assert.ok(types.indexOf('session.opened') < types.indexOf('payment.taken'));
    assert.ok(types.indexOf('payment.taken') < types.indexOf('receipt.printed'));
    // Per-aggregate numbering counts up from 1 for every aggregate.
    const next = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.aggregate_type}/${r.aggregate_id}`;
      assert.equal(r.aggregate_seq, (next.get(key) ?? 0) + 1, key);
      next.set(key, r.aggregate_seq);
    }
    const lostTicket = rows.filter((r) => r.type === 'payment.taken');
    assert.equal(lostTicket.length, 2);
    assert.ok(rows.every((r) => r.actor.length > 0));
  });

  it('verifies when untouched', () => {
    const { code, summary } = verifyCli(original);
    assert.equal(code, 0, JSON.stringify(summary));
    assert.equal(summary.ok, true);
    assert.ok((summary.events as number) > 20);
  });

  it('refuses UPDATE, DELETE, REPLACE and a reused id while its triggers stand', () => {
    const { db } = copy();
    try {
      assert.throws(
        () => db.prepare(`UPDATE journal SET actor = 'x' WHERE seq = 3`).run(),
        /append-only/,
      );
      assert.throws(() => db.prepare('DELETE FROM journal WHERE seq = 3').run(), /append-only/);
      const row = db.prepare('SELECT * FROM journal WHERE seq = 3').get() as Record<
        string,
        unknown
      >;
      const cols = Object.keys(row);
      const insert = (verb: string, values: Record<string, unknown>) =>
        db
          .prepare(
            `${verb} INTO journal (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
          )
          .run(values);
      // REPLACE deletes the row it replaces: refused by the delete trigger (recursive triggers).
      assert.throws(() => insert('INSERT OR REPLACE', { ...row, actor: 'forger' }), /journal/);
      const max = (db.prepare('SELECT MAX(seq) AS m FROM journal').get() as { m: number }).m;
      // The next seq, but an id that is already used.
      assert.throws(() => insert('INSERT OR REPLACE', { ...row, seq: max + 1 }), /journal/);
      assert.throws(() => insert('INSERT', { ...row, seq: max + 1 }), /UNIQUE|journal/);
      // Back-filling an old seq.
      assert.throws(() => insert('INSERT', { ...row, seq: 0, id: 'new-id' }), /journal/);
    } finally {
      db.close();
    }
  });

  for (const [name, tamper] of [
    [
      'an edited payment amount (trigger dropped first)',
      (db: Database.Database, seq: number) => {
        db.exec('DROP TRIGGER journal_no_update');
        db.prepare(
          `UPDATE journal SET payload_json = replace(payload_json, '"amountMinor":', '"amountMinor":1') WHERE seq = ?`,
        ).run(seq);
        db.exec(`CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
          BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;`);
      },
    ],
    [
      'a deleted event (trigger dropped first)',
      (db: Database.Database, seq: number) => {
        db.exec('DROP TRIGGER journal_no_delete');
        db.prepare('DELETE FROM journal WHERE seq = ?').run(seq);
        db.exec(`CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
          BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;`);
      },
    ],
    [
      'a replaced event (triggers dropped first)',
      (db: Database.Database, seq: number) => {
        db.exec('DROP TRIGGER journal_no_delete; DROP TRIGGER journal_appends_in_order;');
        db.prepare(
          `INSERT OR REPLACE INTO journal SELECT seq, id, station_id, aggregate_type,
          aggregate_id, aggregate_seq, type, version, payload_json, 'someone else', at, prev_hash,
          hash FROM journal WHERE seq = ?`,
        ).run(seq);
      },
    ],
    [
      'a re-hashed edit by someone without the key',
      (db: Database.Database, seq: number) => {
        db.exec('DROP TRIGGER journal_no_update');
        db.prepare(
          `UPDATE journal SET actor = 'nobody', hash = lower(hex(randomblob(32))) WHERE seq = ?`,
        ).run(seq);
      },
    ],
  ] as const) {
    it(`finds ${name}, and names the first broken link`, () => {
      const { dir, db } = copy();
      const seq = (
        db
          .prepare(`SELECT seq FROM journal WHERE type = 'payment.taken' ORDER BY seq LIMIT 1`)
          .get() as {
          seq: number;
        }
      ).seq;
      tamper(db, seq);
      db.close();
      const { code, summary } = verifyCli(dir);
      assert.equal(code, 1, JSON.stringify(summary));
      assert.equal(summary.ok, false);
      assert.equal(brokenAt(summary), seq);
    });
  }

  it('reports a dropped trigger even when no row was touched', () => {
    const { dir, db } = copy();
    db.exec('DROP TRIGGER journal_no_update');
    db.close();
    const { code, summary } = verifyCli(dir);
    assert.equal(code, 1);
    assert.deepEqual(summary.missingTriggers, ['journal_no_update']);
  });

  it('the station checks the chain at start-up and shows a broken one in red', async () => {
    const { dir, db } = copy();
    db.exec('DROP TRIGGER journal_no_update');
    db.prepare(`UPDATE journal SET actor = 'nobody' WHERE seq = 5`).run();
    db.close();
    const station = await startStation(loadStationConfig({ dataDir: dir }), {
      mode: 'headless',
      secrets: new MemorySecretStore(),
      log: createLogger('test', true),
    });
    try {
      let journal: { health: string; detail: string } | undefined;
      for (let i = 0; i < 200 && journal?.health !== 'fault'; i++) {
        const status = await station.dispatcher.invoke(
          'station:status',
          {},
          {
            callerId: 't',
            trustedSender: true,
          },
        );
        journal = status.ok
          ? (
              status.value as { devices: { id: string; health: string; detail: string }[] }
            ).devices.find((d) => d.id === 'journal')
          : undefined;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(journal?.health, 'fault');
      assert.match(journal?.detail ?? '', /event 5/);
    } finally {
      await station.stop();
    }
  });
});
