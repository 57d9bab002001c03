import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../support/station-harness';

/** A well-formed key, so the money fields are what the refusal is about. */
const KEY = 'bad-input-0123456789abcdef';

/** A fingerprint of every row that matters, to prove bad input changed nothing. */
function fingerprint(dataDir: string): string {
  const db = new Database(join(dataDir, 'station.db'), { readonly: true });
  try {
    const tables = ['sessions', 'payments', 'receipts', 'alerts', 'zones', 'lanes', 'operators'];
    const dump = tables.map((t) =>
      JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()),
    );
    return createHash('sha256').update(dump.join('\n')).digest('hex');
  } finally {
    db.close();
  }
}

describe('bad input gets a clear error and changes nothing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B100AAA' });
  });
  after(() => h.stop());

  const cases: [string, string, unknown, string][] = [
    ['unknown channel', 'sessions:dropAll', {}, 'UNKNOWN_CHANNEL'],
    ['payload not an object', 'sessions:search', 'B100AAA', 'INVALID_PAYLOAD'],
    ['missing field', 'payments:cash', { sessionId: 'x' }, 'INVALID_PAYLOAD'],
    [
      'float money',
      'payments:cash',
      { sessionId: 'S1', tenderedMinor: 10.5, expectedDueMinor: 0, idempotencyKey: KEY },
      'INVALID_PAYLOAD',
    ],
    [
      'negative money',
      'payments:cash',
      { sessionId: 'S1', tenderedMinor: -100, expectedDueMinor: 0, idempotencyKey: KEY },
      'INVALID_PAYLOAD',
    ],
    ['extra field', 'lanes:list', { admin: true }, 'INVALID_PAYLOAD'],
    ['id with SQL', 'sessions:get', { sessionId: "x' OR '1'='1" }, 'INVALID_PAYLOAD'],
    [
      'huge plate',
      'lanes:manualRead',
      { laneId: 'entry-1', plate: 'A'.repeat(5000) },
      'INVALID_PAYLOAD',
    ],
    ['emoji plate', 'lanes:manualRead', { laneId: 'entry-1', plate: '🚗🚗🚗' }, 'INVALID_PAYLOAD'],
    ['one-letter plate', 'lanes:manualRead', { laneId: 'entry-1', plate: 'A' }, 'INVALID_PAYLOAD'],
    [
      'SQL-looking plate',
      'lanes:manualRead',
      { laneId: 'entry-1', plate: "'; DROP--" },
      'INVALID_PAYLOAD',
    ],
    [
      'SQL-looking search',
      'sessions:search',
      { query: "B1' OR 1=1 --", scope: 'all' },
      'INVALID_PAYLOAD',
    ],
    [
      'FTS syntax search',
      'sessions:search',
      { query: 'B1* NEAR', scope: 'all' },
      'INVALID_PAYLOAD',
    ],
    ['unknown lane', 'lanes:manualRead', { laneId: 'nowhere', plate: 'B100AAB' }, 'NOT_FOUND'],
    ['gate without reason', 'lanes:openGate', { laneId: 'exit-1', reason: ' ' }, 'INVALID_PAYLOAD'],
    [
      'manager action as cashier',
      'lot:markPaid',
      { sessionId: 'S1', reason: 'because' },
      'NOT_ALLOWED',
    ],
  ];

  for (const [name, channel, payload, code] of cases) {
    it(`${name} → ${code}`, async () => {
      const beforePrint = fingerprint(h.dataDir);
      const result = await h.raw(channel, payload);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, code);
      assert.ok(!result.ok && result.error.message.length > 3, 'the error says what is wrong');
      assert.equal(fingerprint(h.dataDir), beforePrint);
    });
  }

  it('treats search text as data: quotes and wildcards find nothing and break nothing', async () => {
    const hits = await h.call('sessions:search', { query: 'B100-AAA', scope: 'all' });
    assert.equal(hits[0]?.session.plate, 'B100AAA');
    const none = await h.call('sessions:search', { query: 'ZZ99ZZZ', scope: 'all' });
    assert.deepEqual(none, []);
  });

  it('refuses a sender the bridge did not vouch for', async () => {
    const result = await h.station.dispatcher.invoke(
      'lanes:list',
      {},
      { callerId: 'evil', trustedSender: false },
    );
    assert.equal(!result.ok && result.error.code, 'FORBIDDEN_SENDER');
  });

  it('refuses requests before sign-in', async () => {
    const result = await h.raw('sessions:search', { query: 'B100AAA', scope: 'lot' }, 'stranger');
    assert.equal(!result.ok && result.error.code, 'NOT_SIGNED_IN');
  });
});
