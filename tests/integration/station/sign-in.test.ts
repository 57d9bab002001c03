/**
 * Sign-in on a real station: hashing stays off the main thread, an unknown name costs the same
 * scrypt work as a known one, repeated failures add a handful of audit rows, and PIN hashes in
 * the old format (`scrypt$salt$hash`) still verify. Lockouts have their own tests
 * (lockout.test.ts); here they are set out of the way, so that the guesses reach the hashing.
 */
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { JournalEntryView } from '../../../src-shared';
import { openDatabase } from '../../../src-main/db/database';
import { createRepositories } from '../../../src-main/db/repositories';
import { Journal } from '../../../src-main/journal/journal';
import { OperatorService } from '../../../src-main/services/operator-service';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

async function failedRows(h: Harness, actor: string): Promise<JournalEntryView[]> {
  await h.signIn('manager', 'auditor');
  const rows = await h.call(
    'journal:list',
    { type: 'operator.signInFailed', actor, limit: 200 },
    'auditor',
  );
  // The filter matches names without case; the tally under test is the one typed this way.
  return rows.filter((r) => r.actor === actor).reverse();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('operator sign-in', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ signIn: { lockoutAfterFailures: 100 } });
  });
  after(() => h.stop());

  it('answers lanes:list while 50 sign-ins are hashing', async (t) => {
    const order: string[] = [];
    const signIns = Array.from({ length: 50 }, (_, i) => {
      const role = i % 2 === 0 ? 'cashier' : 'manager';
      const right = i % 3 !== 0;
      const pin = right ? demoPin(role) : '000000';
      return h.raw('operator:signIn', { name: role, pin }, `booth-${i}`).then((r) => {
        order.push('signIn');
        assert.equal(r.ok, right, `sign-in ${i}`);
      });
    });
    // Issued after all 50: with scrypt on the main thread it can only answer after them.
    const list = h.call('lanes:list', {}).then((lanes) => {
      order.push('lanes:list');
      assert.ok(lanes.length > 0);
    });
    await Promise.all([...signIns, list]);
    const at = order.indexOf('lanes:list');
    t.diagnostic(`lanes:list answered after ${at} of 50 sign-ins`);
    assert.ok(at < order.length - 1, `lanes:list answered after ${at} of 50 sign-ins`);
  });

  it('hashes as much for an unknown name as for a known one', async (t) => {
    // Counted where libuv's threadpool sees it: each crypto.scrypt call is one SCRYPTREQUEST.
    let scrypts = 0;
    const hook = createHook({
      init: (_id, type) => {
        if (type === 'SCRYPTREQUEST') scrypts++;
      },
    }).enable();
    const cost = async (name: string) => {
      const before = scrypts;
      const t0 = performance.now();
      const r = await h.raw('operator:signIn', { name, pin: '000000' }, 'prober');
      assert.equal(r.ok, false);
      return { ms: performance.now() - t0, scrypts: scrypts - before };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        // Interleaved, so both see the same load on the machine.
        const k = await cost('cashier');
        const u = await cost(`nobody-${i}`);
        assert.deepEqual([k.scrypts, u.scrypts], [1, 1], 'one threadpool scrypt per sign-in');
        known.push(k.ms);
        unknown.push(u.ms);
      }
    } finally {
      hook.disable();
    }
    const ratio = median(unknown) / median(known);
    const figures = `median unknown ${median(unknown).toFixed(1)} ms / known ${median(known).toFixed(1)} ms = ${ratio.toFixed(2)}`;
    t.diagnostic(figures);
    assert.ok(ratio > 0.5 && ratio < 2, figures);
  });

  it('adds a few audit rows for 200 wrong PINs, and the count to the next sign-in', async () => {
    await h.signIn('cashier', 'guesser'); // clears the failures the tests above left
    // All 200 are let in before the first one fails, so the lockout (after 100) stops none.
    await Promise.all(
      Array.from({ length: 200 }, () =>
        h.raw('operator:signIn', { name: 'Cashier', pin: '000000' }, 'guesser'),
      ),
    );
    h.clock.advanceMinutes(1); // past the lockout the 100th failure started
    const rows = await failedRows(h, 'Cashier');
    assert.deepEqual(
      rows.map((r) => (r.payload as { failures: number }).failures),
      [1, 10, 100],
    );
    await h.signIn('cashier', 'guesser');
    const [last] = await h.call('audit:list', { limit: 1 }, 'auditor');
    assert.equal(last?.action, 'operator.signedIn');
    assert.deepEqual(JSON.parse(last.detail), { failedBefore: 200 });
  });

  it('still verifies a 4-digit PIN hash in the old scrypt$salt$hash format, and upgrades it', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$${salt.toString('hex')}$${scryptSync('4321', salt, 32).toString('hex')}`;
    const db = new Database(join(h.dataDir, 'station.db'));
    try {
      db.prepare(
        "INSERT INTO operators (name, role, pin_hash) VALUES ('legacy', 'cashier', ?)",
      ).run(old);
      const wrong = await h.raw('operator:signIn', { name: 'legacy', pin: '1234' }, 'old');
      assert.equal(wrong.ok, false);
      const view = await h.call('operator:signIn', { name: 'legacy', pin: '4321' }, 'old');
      // A PIN from before PINs had 6 digits signs in, but only to be changed.
      assert.deepEqual(
        { name: view.name, role: view.role, mustChangePin: view.mustChangePin },
        { name: 'legacy', role: 'cashier', mustChangePin: true },
      );
      const { pinHash } = db
        .prepare("SELECT pin_hash AS pinHash FROM operators WHERE name = 'legacy'")
        .get() as { pinHash: string };
      assert.match(pinHash, /^scrypt\$N=16384,r=8,p=1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
      await h.call('operator:signIn', { name: 'legacy', pin: '4321' }, 'old');
    } finally {
      db.close();
    }
  });
});

describe('failed sign-in tallies', { timeout: 60_000 }, () => {
  let dir: string;
  let service: OperatorService;
  let repos: ReturnType<typeof createRepositories>;
  let journal: Journal;
  const clock = { now: Date.parse('2026-11-20T09:00:00Z') };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'station-signin-'));
    repos = createRepositories(openDatabase(join(dir, 'station.db')), () => clock.now);
    journal = new Journal(repos.db, randomBytes(32), 'test-station');
    service = new OperatorService({
      operators: repos.operators,
      journal,
      transact: (fn) => repos.db.transaction(fn)(),
      clock: () => clock.now,
      tallies: { windowMs: 60_000, maxUnknownNames: 5 },
      lockout: { afterFailures: 1000 },
    });
    service.seedIfEmpty([{ name: 'cashier', role: 'cashier', pin: '123456' }]);
  });
  after(() => {
    repos.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fail = (name: string) =>
    assert.rejects(service.signIn(name, '000000', 'tally-test'), { code: 'NOT_ALLOWED' });
  const rows = () => journal.list({ type: 'operator.signInFailed', limit: 500 });

  it('caps the unknown names it tracks; past the cap they share one tally', async () => {
    for (let i = 0; i < 30; i++) await fail(`made-up-${i}`);
    const subjects = rows().map((r) => r.actor);
    // Five names with a row each, then the 25 others as one: rows at its failures 1 and 10.
    assert.equal(subjects.length, 7);
    assert.equal(subjects.filter((s) => s === '(many unknown names)').length, 2);
  });

  it("starts a new window after windowMs and carries the last one's uncounted total", async () => {
    const before = rows().length;
    for (let i = 0; i < 12; i++) await fail('cashier');
    clock.now += 60_000;
    await fail('cashier');
    const added = rows()
      .slice(0, rows().length - before)
      .reverse();
    assert.deepEqual(
      added.map((r) => r.payload),
      [
        { failures: 1, known: true, since: clock.now - 60_000, previousWindow: null },
        { failures: 10, known: true, since: clock.now - 60_000, previousWindow: null },
        {
          failures: 1,
          known: true,
          since: clock.now,
          previousWindow: { count: 12, since: clock.now - 60_000 },
        },
      ],
    );
  });
});
