/**
 * The loyalty section of bench:core (issue 10), also run alone: BENCH_ONLY=loyalty npm run
 * bench:core. On a real SQLite file with migration 19:
 *   member lookup by plate, phone and card code at 1,000,000 members (BENCH_MEMBERS), through
 *   the station's own path (LoyaltyMembers.identify: normalise, hash a phone, look up, and the
 *   member's view with balance, vehicles and latest entries) vs a full scan of the key table
 *   for the same key;
 *   the ledger balance of members with 10,000 entries each (BENCH_LEDGER_ENTRIES): the cached
 *   balance the station reads vs the SUM of the member's entries it is verified against.
 * Targets: lookup p99 ≤ 2 ms, balance p99 ≤ 1 ms.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src-main/db/database';
import { LoyaltyLedgerRepository } from '../src-main/db/repositories/loyalty-ledger-repository';
import { LoyaltyMemberRepository } from '../src-main/db/repositories/loyalty-member-repository';
import { LoyaltyMembers, phoneDigest } from '../src-main/services/loyalty-members';

type Percentiles = { p50: number; p95: number; p99: number; n: number };
type Measure = (runs: number, fn: (i: number) => void) => Percentiles;

export interface LoyaltyBench {
  rows: Array<readonly [string, Percentiles, Percentiles, string]>;
  json: Record<string, unknown>;
}

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 10_000);
const LEDGER_MEMBERS = 20;
const T0 = Date.parse('2026-01-01T00:00:00Z');

// Deterministic keys for member i: a Romanian plate, a +40 7xx mobile, a card code.
const L = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const plateOf = (i: number) =>
  `B${String(100 + (i % 900)).padStart(3, '0')}${L[Math.floor(i / 900) % 23]}${
    L[Math.floor(i / (900 * 23)) % 23]
  }${L[Math.floor(i / (900 * 23 * 23)) % 23]}`;
const phoneOf = (i: number) => `+407${String(i).padStart(8, '0')}`;
const codeOf = (i: number) => `MBR-${String(i).padStart(8, '0')}`;

export function runLoyaltyBench(dir: string, measure: Measure): LoyaltyBench {
  const db = openDatabase(join(dir, 'loyalty.db'));
  const memberRepo = new LoyaltyMemberRepository(db);
  const entries = new LoyaltyLedgerRepository(db);
  const members = new LoyaltyMembers({ members: memberRepo, ledger: entries, callingCode: '40' });

  console.error(`seeding ${MEMBERS.toLocaleString('en')} members…`);
  const t = performance.now();
  const member = db.prepare(
    `INSERT INTO loyalty_members (id, name, tier, changed_at) VALUES (?, ?, 'standard', ?)`,
  );
  const key = db.prepare(
    'INSERT INTO loyalty_member_keys (kind, value, member_id) VALUES (?, ?, ?)',
  );
  for (let from = 0; from < MEMBERS; from += 50_000) {
    db.transaction(() => {
      for (let i = from; i < Math.min(MEMBERS, from + 50_000); i++) {
        const id = `m-${i}`;
        member.run(id, `Member ${i}`, T0);
        key.run('plate', plateOf(i), id);
        key.run('phone', phoneDigest(phoneOf(i)), id);
        key.run('code', codeOf(i), id);
      }
    })();
  }
  const seedSeconds = (performance.now() - t) / 1000;

  console.error(`appending ${ENTRIES.toLocaleString('en')} entries for ${LEDGER_MEMBERS} members…`);
  const tl = performance.now();
  for (let m = 0; m < LEDGER_MEMBERS; m++) {
    db.transaction(() => {
      for (let e = 0; e < ENTRIES; e++) {
        const redeem = e % 10 === 9;
        entries.append({
          id: `L-${m}-${e}`,
          memberId: `m-${m}`,
          kind: redeem ? 'redeem' : 'earn',
          points: redeem ? -5 : 10,
          sourceKind: redeem ? 'redemption' : 'payment',
          sourceId: `S-${m}-${e}`,
          reverses: null,
          at: T0 + e * 60_000,
        });
      }
    })();
  }
  const ledgerSeedSeconds = (performance.now() - tl) / 1000;

  // Lookups spread over the whole table, as the cashier's customers are.
  const at = (i: number) => (i * 7_919 + 13) % MEMBERS;
  const byPlate = measure(5_000, (i) => members.identify({ by: 'plate', value: plateOf(at(i)) }));
  const byPhone = measure(5_000, (i) =>
    members.identify({ by: 'phone', value: `07${phoneOf(at(i)).slice(4)}` }),
  );
  const byCode = measure(5_000, (i) => members.identify({ by: 'code', value: codeOf(at(i)) }));
  // The same key with its columns wrapped, so no index can serve it: what a lookup costs
  // without the key table's primary key.
  const scan = db.prepare(
    `SELECT member_id FROM loyalty_member_keys WHERE kind || '' = 'plate' AND value || '' = ?`,
  );
  const scanBaseline = measure(5, (i) => scan.all(plateOf(at(i))));
  for (const [what, check] of [
    ['plate', members.identify({ by: 'plate', value: plateOf(at(1)) })],
    ['phone', members.identify({ by: 'phone', value: `07${phoneOf(at(1)).slice(4)}` })],
    ['code', members.identify({ by: 'code', value: codeOf(at(1)) })],
  ] as const) {
    if (check[0]?.id !== `m-${at(1)}`) throw new Error(`bench: lookup by ${what} found no member`);
  }

  // Tail latencies on a shared machine follow its load: the JSON says what it was.
  const load = loadavg()[0]!;
  const balance = measure(5_000, (i) => entries.balance(`m-${i % LEDGER_MEMBERS}`));
  const sum = measure(1_000, (i) => entries.verify(`m-${i % LEDGER_MEMBERS}`));
  const check = entries.verify('m-0');
  if (!check.equal || check.entries !== ENTRIES) throw new Error('bench: ledger does not verify');
  db.close();

  const ratio = (a: number, b: number) => +(a / b).toFixed(4);
  return {
    rows: [
      ['member by plate', byPlate, scanBaseline, 'full scan of keys'],
      ['member by phone', byPhone, scanBaseline, 'full scan of keys'],
      ['member by card code', byCode, scanBaseline, 'full scan of keys'],
      ['ledger balance (10k)', balance, sum, 'SUM of entries'],
    ],
    json: {
      loyalty_members: MEMBERS,
      loyalty_load_average_1m: +load.toFixed(2),
      loyalty_cpus: availableParallelism(),
      loyalty_members_seed_seconds: +seedSeconds.toFixed(1),
      loyalty_entries_per_member: ENTRIES,
      loyalty_ledger_seed_seconds: +ledgerSeedSeconds.toFixed(1),
      member_lookup_plate_ms: byPlate,
      member_lookup_phone_ms: byPhone,
      member_lookup_code_ms: byCode,
      member_lookup_baseline_full_scan_ms: scanBaseline,
      ledger_balance_ms: balance,
      ledger_balance_sum_of_entries_ms: sum,
      loyalty_ratios_p50: {
        plate_vs_scan: ratio(byPlate.p50, scanBaseline.p50),
        phone_vs_scan: ratio(byPhone.p50, scanBaseline.p50),
        code_vs_scan: ratio(byCode.p50, scanBaseline.p50),
        balance_vs_sum: ratio(balance.p50, sum.p50),
      },
      loyalty_targets: {
        member_lookup_p99_le_2ms: Math.max(byPlate.p99, byPhone.p99, byCode.p99) <= 2,
        ledger_balance_p99_le_1ms: balance.p99 <= 1,
        ledger_sum_p99_le_1ms: sum.p99 <= 1,
      },
    },
  };
}

/** The section's table, as the core bench prints its own. */
export function printLoyaltyRows(bench: LoyaltyBench): void {
  for (const [name, m, b, bname] of bench.rows) {
    const r = +(m.p50 / b.p50).toFixed(4);
    console.log(
      `${name.padEnd(26)} ${String(m.p50).padStart(8)} ${String(m.p99).padStart(9)} ${String(b.p50).padStart(14)} ${String(r).padStart(11)}  (${bname})`,
    );
  }
}
