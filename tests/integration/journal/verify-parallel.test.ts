/**
 * The chain checked on several worker threads at once (what `npm run journal:verify` does) finds
 * the same first broken link as the one-thread check, wherever the damage falls: inside a
 * stretch, at the edge between two stretches, or in several stretches at once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src-main/db/database';
import { JOURNAL_TRIGGERS } from '../../../src-main/db/schema-v3';
import { Journal } from '../../../src-main/journal/journal';
import { verifyJournal } from '../../../src-main/journal/verify';
import { splitRange, verifyJournalFile } from '../../../src-main/journal/verify-parallel';

const EVENTS = 3000;
const THREADS = 3; // stretches 1-1000, 1001-2000, 2001-3000

describe('journal verification on worker threads', () => {
  let dir: string;
  let original: string;
  const key = randomBytes(32);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-parallel-'));
    original = join(dir, 'original.db');
    const db = openDatabase(original);
    const journal = new Journal(db, key, 'station-1');
    db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
        journal.append(
          {
            type: 'plate.read',
            aggregateId: `lane-${i % 3}`,
            actor: 'station',
            payload: { plate: `AB${i}`, confidence: 0.9, source: 'camera', photoId: null },
          },
          1_700_000_000_000 + i,
        );
      }
    })();
    db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the journal with its triggers dropped and `sql` run on it, as an attacker would. */
  function tampered(name: string, ...sql: string[]): string {
    const file = join(dir, `${name}.db`);
    copyFileSync(original, file);
    const db = new Database(file);
    for (const t of JOURNAL_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    for (const s of sql) db.exec(s);
    db.close();
    return file;
  }

  const both = async (file: string) => {
    const parallel = await verifyJournalFile(file, key, { threads: THREADS, splitAbove: 0 });
    const db = new Database(file, { readonly: true });
    const single = verifyJournal(db, key);
    db.close();
    // The same link, the same count; the wording may differ where a stretch ends.
    assert.deepEqual(
      [parallel.ok, parallel.events, parallel.firstBroken?.seq],
      [single.ok, single.events, single.firstBroken?.seq],
      'the split check answers as the one-thread check',
    );
    return parallel;
  };

  it('splits the chain into contiguous stretches that cover it', () => {
    assert.deepEqual(splitRange(3000, 3), [
      { fromSeq: 1, toSeq: 1000 },
      { fromSeq: 1001, toSeq: 2000 },
      { fromSeq: 2001, toSeq: 3000 },
    ]);
    assert.deepEqual(splitRange(5, 2), [
      { fromSeq: 1, toSeq: 3 },
      { fromSeq: 4, toSeq: 5 },
    ]);
  });

  it('verifies an untouched chain', async () => {
    const result = await verifyJournalFile(original, key, { threads: THREADS, splitAbove: 0 });
    assert.deepEqual(result, { ok: true, events: EVENTS, firstBroken: null, missingTriggers: [] });
  });

  it('finds an event deleted at the end of a stretch', async () => {
    const r = await both(tampered('end-of-stretch', 'DELETE FROM journal WHERE seq = 1000'));
    assert.equal(r.firstBroken?.seq, 1000);
    assert.match(r.firstBroken!.problem, /missing/);
  });

  it('finds an event deleted at the start of a stretch', async () => {
    const r = await both(tampered('start-of-stretch', 'DELETE FROM journal WHERE seq = 1001'));
    assert.equal(r.firstBroken?.seq, 1001);
  });

  it('names the lowest of several broken links in different stretches', async () => {
    const r = await both(
      tampered(
        'several',
        `UPDATE journal SET payload_json = replace(payload_json, 'AB2500', 'ZZ2500') WHERE seq = 2501`,
        'DELETE FROM journal WHERE seq = 1500',
      ),
    );
    assert.equal(r.firstBroken?.seq, 1500);
    assert.equal(r.events, 1499);
  });

  it('finds an edit with its hash recomputed without the key', async () => {
    const r = await both(
      tampered('forged', `UPDATE journal SET actor = 'manager', hash = prev_hash WHERE seq = 2001`),
    );
    assert.equal(r.firstBroken?.seq, 2001);
    assert.match(r.firstBroken!.problem, /contents/);
  });

  it('finds a wrong key', async () => {
    const r = await verifyJournalFile(original, randomBytes(32), {
      threads: THREADS,
      splitAbove: 0,
    });
    assert.equal(r.firstBroken?.seq, 1);
  });
});
