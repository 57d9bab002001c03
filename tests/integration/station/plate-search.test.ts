import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ParkingSession } from '../../../src-shared';
import { defaultTariff } from '../../../src-shared/domain/tariff';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { createRepositories, type Repositories } from '../../../src-main/db/repositories';

const session = (id: string, plate: string, state: ParkingSession['state']): ParkingSession => ({
  id,
  plate,
  zoneId: 'main',
  tariffId: defaultTariff.id,
  entryLaneId: null,
  entryAt: 1_000 + Number(id.slice(1)),
  entryPhotoId: null,
  state,
  paidMinor: 0,
  exitBy: null,
  exitAt: null,
  exitLaneId: null,
  exitPhotoId: null,
  lostTicket: false,
  continuesSessionId: null,
});

describe('plate search over history (real SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plate-search-'));
  let db: Db;
  let repos: Repositories;
  before(() => {
    db = openDatabase(join(dir, 'station.db'));
    repos = createRepositories(db, Date.now);
    repos.site.upsertTariff(defaultTariff, 0);
    repos.site.upsertZone({ id: 'main', name: 'Main', capacity: 10, tariffId: defaultTariff.id });
    const plates = ['CJ12ABC', 'CJ12ABD', 'B123XYZ', 'TM07KLM', 'IS55PQR', 'AG01DEF'];
    plates.forEach((p, i) => repos.sessions.insert(session(`S${i}`, p, i % 2 ? 'closed' : 'open')));
    repos.sessions.insert(session('S9', 'CJ12ABE', 'deleted'));
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const plates = (query: string, scope: 'lot' | 'all' = 'all') =>
    repos.plateSearch.search(query, scope).map((c) => `${c.session.plate}:${c.matchKind}`);

  it('finds one substitution, insertion or deletion away, closest first', () => {
    assert.deepEqual(plates('B124XYZ'), ['B123XYZ:fuzzy']);
    assert.deepEqual(plates('B1234XYZ'), ['B123XYZ:fuzzy']);
    assert.deepEqual(plates('B23XYZ'), ['B123XYZ:fuzzy']);
    assert.deepEqual(plates('CJ12ABC').slice(0, 2), ['CJ12ABC:exact', 'CJ12ABD:fuzzy']);
  });

  it('folds look-alikes before anything else and never returns deleted records', () => {
    assert.deepEqual(plates('ZZ99ZZZ'), []);
    assert.deepEqual(plates('TMO7KLM'), ['TM07KLM:lookalike']);
    assert.deepEqual(plates('I555PQR'), ['IS55PQR:lookalike']);
    assert.equal(
      plates('CJ12ABE').some((p) => p.startsWith('CJ12ABE')),
      false,
    );
  });

  it('keeps the fuzzy index in step with plate corrections', () => {
    const s = repos.sessions.get('S3')!;
    repos.sessions.update({ ...s, plate: 'TM08KLN' });
    assert.deepEqual(plates('TM08KLN'), ['TM08KLN:exact']);
    assert.deepEqual(plates('TM07KLM'), []);
    const variants = db
      .prepare(
        `SELECT variant FROM plate_variants WHERE session_rowid =
         (SELECT rowid FROM sessions WHERE id = 'S3') ORDER BY variant`,
      )
      .pluck()
      .all();
    // The folded plate (7M08K1N) plus its 7 single-character deletions, and nothing stale.
    assert.equal(variants.length, 8);
    assert.ok(variants.includes('7M08K1N') && variants.includes('7M0K1N'));
    assert.ok(!variants.includes('7M07K1M'));
  });

  it('limits the lot scope to cars in the lot', () => {
    assert.deepEqual(plates('CJ12AB', 'lot'), ['CJ12ABC:partial']);
  });
});
