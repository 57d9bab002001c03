import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import { importLegacyRecords } from '../../../src-main/journal/legacy-import';
import { verifyJournal } from '../../../src-main/journal/verify';

const read = (laneId: string, plate: string) =>
  ({
    type: 'plate.read',
    aggregateId: laneId,
    actor: 'station',
    payload: { plate, confidence: 0.9, source: 'camera', photoId: null },
  }) as const;

describe('journal on a SQLite file', () => {
  let dir: string;
  let db: Db;
  let journal: Journal;
  const key = randomBytes(32);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    db = openDatabase(join(dir, 'station.db'));
    journal = new Journal(db, key, 'station-1');
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings the old audit log and gate events in, in order, and drops the old tables', () => {
    db.prepare(
      `INSERT INTO audit_log (at, actor, action, subject, reason, detail_json)
       VALUES (10, 'manager', 'mark-paid', 'S1', 'season ticket', '{"waivedMinor":500}')`,
    ).run();
    db.prepare(`INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0)`).run();
    db.prepare(
      `INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'M', 1, 't')`,
    ).run();
    db.prepare(
      `INSERT INTO lanes (id, name, direction, zone_id, camera_kind, camera_uri, gate_device)
      VALUES ('entry-1', 'Entry', 'entry', 'main', 'folder', 'x', 'g')`,
    ).run();
    db.prepare(
      `INSERT INTO gate_events (lane_id, command, cause, session_id, outcome, position, at)
       VALUES ('entry-1', 'open', 'entry', NULL, 'open', 100, 20)`,
    ).run();
    assert.equal(importLegacyRecords(db, journal), 2);
    const events = journal.since(0, 10);
    assert.deepEqual(
      events.map((e) => [e.seq, e.type, e.actor, e.at]),
      [
        [1, 'audit.imported', 'manager', 10],
        [2, 'gate.commanded', 'station', 20],
      ],
    );
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE name IN ('audit_log', 'gate_events')`)
      .all();
    assert.deepEqual(tables, []);
    assert.equal(importLegacyRecords(db, journal), 0, 'runs once');
  });

  it('hands consumers events after a cursor in commit order, with per-aggregate order', () => {
    db.transaction(() => {
      journal.append(read('lane-a', 'A1'), 100);
      journal.append(read('lane-b', 'B1'), 101);
      journal.append(read('lane-a', 'A2'), 102);
    })();
    const all = journal.since(2, 100);
    assert.deepEqual(
      all.map((e) => [e.seq, e.aggregateId, e.aggregateSeq]),
      [
        [3, 'lane-a', 1],
        [4, 'lane-b', 1],
        [5, 'lane-a', 2],
      ],
    );
    assert.deepEqual(
      journal.since(3, 1).map((e) => e.seq),
      [4],
    );
    assert.match(
      all[0]!.id,
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(all[0]!.stationId, 'station-1');
    assert.equal(verifyJournal(db, key).ok, true);
  });

  it('rolls an event back with the change it records', () => {
    const before = journal.since(0, 1000).length;
    assert.throws(() =>
      db.transaction(() => {
        journal.append(read('lane-a', 'A3'), 103);
        throw new Error('the business change failed');
      })(),
    );
    assert.equal(journal.since(0, 1000).length, before);
    assert.equal(verifyJournal(db, key).ok, true);
  });

  it('refuses an event written outside a transaction, or with a payload off its schema', () => {
    assert.throws(() => journal.append(read('lane-a', 'A4'), 104), /transaction/);
    assert.throws(
      () =>
        db.transaction(() =>
          journal.append(
            { ...read('lane-a', 'A5'), payload: { plate: 'A5', confidence: 7 } } as never,
            105,
          ),
        )(),
      /schema/,
    );
  });

  it('fails verification with another key', () => {
    assert.equal(verifyJournal(db, randomBytes(32)).firstBroken?.seq, 1);
  });
});
