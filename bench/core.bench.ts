/**
 * bench:core — seeds a real SQLite file with 1,000,000 sessions, then measures the booth's hot
 * paths against baselines run in the same process on the same data:
 *   exact plate lookup     vs a full-table scan for the same plate
 *   fuzzy plate lookup     vs scoring every stored plate in JS (what no index would cost)
 *   durable payment commit (a split tender: cash and an approved card, with its journal events)
 *                          vs a bare one-row synchronous=FULL commit (the fsync floor)
 *   the same payment commit with its journal events vs without them (the journal's cost)
 *   journal verification of 1,000,000 chained events (events per second)
 *   fee calculation        (stays from minutes to 30 days) vs a one-hour stay
 *   loyalty: member lookup by plate, phone and card at 1,000,000 members, and the ledger balance
 *   at 10,000 entries per member (./loyalty-section.ts); BENCH_ONLY=loyalty runs it alone
 * Prints a table, then one JSON object on the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalPlate, matchPlate, quoteSession } from '../src-shared';
import { computeFee, defaultTariff } from '../src-shared/domain/tariff';
import { openDatabase } from '../src-main/db/database';
import { createRepositories } from '../src-main/db/repositories';
import { Journal, type JournalWriter } from '../src-main/journal/journal';
import { verifyJournal } from '../src-main/journal/verify';
import { verifyJournalFile } from '../src-main/journal/verify-parallel';
import { PaymentLedger } from '../src-main/services/payment-ledger';
import type { Transact } from '../src-main/services/ports';
import { ShiftDrawer } from '../src-main/services/shift-sales';
import { ShiftService } from '../src-main/services/shift-service';
import { SiteCatalog } from '../src-main/services/site-catalog';
import { randomBytes } from 'node:crypto';
import { printLoyaltyRows, runLoyaltyBench } from './loyalty-section';

const N = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const IN_LOT = 2_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
// mulberry32: exact in 32-bit integer arithmetic. (An earlier LCG here multiplied past 2^53, lost
// precision and cycled through only ~2,200 plates, so every plate had ~460 sessions.)
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (s: string) => s[Math.floor(rand() * s.length)]!;
const L = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const D = '0123456789';
const COUNTIES = ['B', 'CJ', 'IS', 'TM', 'CT', 'BV', 'PH', 'AG', 'BH', 'SB'];
const plateOf = () =>
  COUNTIES[Math.floor(rand() * COUNTIES.length)]! +
  pick(D) +
  pick(D) +
  (rand() < 0.3 ? pick(D) : '') +
  pick(L) +
  pick(L) +
  pick(L);
// A car park has regulars: 15 % of visits come from 3,000 plates (~50 visits each), the rest are
// plates seen once or a few times.
const REGULARS = Array.from({ length: 3_000 }, plateOf);
const sessionPlate = () =>
  rand() < 0.15 ? REGULARS[Math.floor(rand() * REGULARS.length)]! : plateOf();

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return {
    p50: +at(0.5).toFixed(4),
    p95: +at(0.95).toFixed(4),
    p99: +at(0.99).toFixed(4),
    n: s.length,
  };
}

function measure(runs: number, fn: (i: number) => void) {
  for (let i = 0; i < Math.min(50, runs); i++) fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    out.push(performance.now() - t);
  }
  return percentiles(out);
}

const HEADER =
  'what                       p50 ms    p99 ms    baseline p50   ratio p50  (baseline)';

// BENCH_ONLY=loyalty: the loyalty section alone, with its JSON on the last line.
if (process.env.BENCH_ONLY === 'loyalty') {
  const only = mkdtempSync(join(tmpdir(), 'bench-loyalty-'));
  try {
    const loyalty = runLoyaltyBench(only, measure);
    console.log(`\n${HEADER}`);
    printLoyaltyRows(loyalty);
    console.log(JSON.stringify(loyalty.json));
  } finally {
    rmSync(only, { recursive: true, force: true });
  }
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-core-'));
const db = openDatabase(join(dir, 'station.db'));
const repos = createRepositories(db, Date.now);
repos.site.upsertTariff(defaultTariff, T0);
repos.site.upsertZone({
  id: 'main',
  name: 'Main',
  capacity: 1_000_000,
  tariffId: defaultTariff.id,
});

console.error(`seeding ${N.toLocaleString()} sessions…`);
const seedStart = performance.now();
const plates: string[] = [];
const insert =
  db.prepare(`INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at,
  state, paid_minor, exit_at, updated_at) VALUES (?, ?, ?, 'main', ?, ?, ?, ?, ?, ?)`);
const BATCH = 50_000;
for (let start = 0; start < N; start += BATCH) {
  db.transaction(() => {
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const plate = sessionPlate();
      plates.push(plate);
      const entry = T0 + i * 30_000;
      const inLot = i >= N - IN_LOT;
      insert.run(
        `S${i.toString(36).padStart(8, '0')}`,
        plate,
        canonicalPlate(plate),
        defaultTariff.id,
        entry,
        inLot ? 'open' : 'closed',
        inLot ? 0 : 500,
        inLot ? null : entry + 3_600_000,
        entry,
      );
    }
  })();
  if (start % 200_000 === 0) console.error(`  ${start.toLocaleString()}`);
}
db.pragma('optimize');
const seedSeconds = (performance.now() - seedStart) / 1000;

const misread = (p: string) =>
  p.replace(/[0-9]/, (d) => ({ '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z' })[d] ?? 'X');
const queries = Array.from({ length: 1000 }, () => plates[Math.floor(rand() * N)]!);
const lotQueries = Array.from({ length: 1000 }, () => plates[N - 1 - Math.floor(rand() * IN_LOT)]!);
const scanStmt = db.prepare('SELECT id FROM sessions NOT INDEXED WHERE plate = ?');
const allCanon = db.prepare('SELECT plate FROM sessions').pluck();

const exact = measure(1000, (i) => repos.sessions.lastByPlate(queries[i % 1000]!));
const exactBaseline = measure(10, (i) => scanStmt.all(queries[i]!));
const fuzzyAll = measure(1000, (i) => repos.plateSearch.search(misread(queries[i % 1000]!), 'all'));
const fuzzyLot = measure(1000, (i) =>
  repos.plateSearch.search(misread(lotQueries[i % 1000]!), 'lot'),
);
const fuzzyBaseline = measure(5, (i) => {
  const q = misread(queries[i]!);
  for (const p of allCanon.iterate() as Iterable<string>) matchPlate(q, p);
});

const site = new SiteCatalog(
  'Bench',
  [defaultTariff],
  [{ id: 'main', name: 'Main', capacity: 1_000_000, tariffId: defaultTariff.id }],
  new Map(),
);
const transact: Transact = (fn) => db.transaction(fn)();
const journal = new Journal(db, randomBytes(32), 'bench');
/** The baseline: the same commit with its journal appends left out. */
const noJournal: JournalWriter = { append: () => '' };
// Payments are taken in an open shift: each writes its sale to the drawer in its transaction.
repos.shifts.open({
  id: 'bench-shift',
  currency: defaultTariff.currency,
  openedBy: 'bench',
  openedAt: 0,
  floatMinor: 0,
  floatCount: [],
});
const drawer = new ShiftDrawer(repos.shifts);
const ledgerWith = new PaymentLedger({ ...repos, journal, transact, site, drawer });
const ledgerWithout = new PaymentLedger({
  ...repos,
  journal: noJournal,
  transact,
  site,
  drawer,
});
const open = repos.sessions.listInLot('main');
const operator = { name: 'bench', role: 'cashier' as const };
const payAt = (session: (typeof open)[number]) => session.entryAt + 95 * 60_000;
const CARD_MINOR = 200;
// Each payment is a split tender: part cash, part card. The terminal's approval was committed
// before (as card-payments.ts does, ahead of the payment): the measured commit settles it.
const approveCard = (sessionId: string, key: string, at: number) => {
  const reference = `C-${key}`;
  repos.cardAttempts.add({
    reference,
    sessionId,
    fuelSaleId: null,
    cardMinor: CARD_MINOR,
    cashMinor: 0,
    cashTenderedMinor: 0,
    currency: defaultTariff.currency,
    operator: operator.name,
    requestChannel: 'payments:card',
    requestKey: key,
    requestHash: 'bench',
    createdAt: at,
  });
  repos.cardAttempts.setOutcome({
    reference,
    state: 'approved',
    detail: 'approved',
    authCode: '123456',
    cardBrand: 'VISA',
    maskedPan: '************1234',
    at,
  });
  return reference;
};
// Every call pays a fresh car with a fresh key (measure() also calls fn for its warm-up).
const payWith = (ledger: PaymentLedger, offset: number, runs: number) => {
  const references = transact(() =>
    open
      .slice(offset, offset + runs)
      .map((s, i) => approveCard(s.id, `bench-${offset}-${i}`, payAt(s))),
  );
  let n = 0;
  return () => {
    const i = n++;
    const session = open[offset + i]!;
    const quote = quoteSession(session, defaultTariff, payAt(session));
    const cashMinor = quote.dueMinor - CARD_MINOR;
    ledger.commit({
      session,
      quote,
      tenderedMinor: cashMinor + 500,
      card: {
        reference: references[i]!,
        amountMinor: CARD_MINOR,
        cardBrand: 'VISA',
        maskedPan: '************1234',
        authCode: '123456',
      },
      operator,
      kind: 'parking',
      request: { channel: 'payments:card', key: `bench-${offset}-${i}`, requestHash: 'bench' },
    });
  };
};
// Warm-up (50) plus measured runs, for each ledger, must fit in the cars in the lot.
const PAYMENTS = Math.min(800, Math.floor(open.length / 2) - 60);
const payment = measure(PAYMENTS, payWith(ledgerWith, 0, PAYMENTS + 50));
const paymentNoJournal = measure(PAYMENTS, payWith(ledgerWithout, PAYMENTS + 55, PAYMENTS + 50));
db.exec('CREATE TABLE fsync_floor (v INTEGER)');
const floorStmt = db.prepare('INSERT INTO fsync_floor (v) VALUES (?)');
const paymentBaseline = measure(300, (i) => db.transaction(() => floorStmt.run(i))());

// Z report over a shift of 5,000 sales: each run closes a fresh shift seeded with 5,000 cash
// sales and a few cash moves (blind count, totals, the stored report, the journal events, one
// synchronous=FULL commit). Printing is left out: it follows the commit and never holds it up.
const shifts = new ShiftService({
  shifts: repos.shifts,
  journal,
  transact,
  clock: () => T0,
  events: { publish: () => undefined },
  printer: { print: () => Promise.resolve({ ok: true, sent: false, detail: 'bench: no printer' }) },
  rules: {
    currency: defaultTariff.currency,
    varianceThresholdMinor: Number.MAX_SAFE_INTEGER, // every count closes at once
    stationName: 'Bench',
    paper: site.paper,
  },
});
const benchOperator = { name: 'bench', role: 'manager' as const };
await shifts.close([], benchOperator); // the payments' shift
const Z_RUNS = 40;
const Z_SALES = 5000;
const shiftIds: string[] = [];
const seedShift = (run: number) => {
  const id = `bench-z-${run}`;
  transact(() => {
    repos.shifts.open({
      id,
      currency: 'RON',
      openedBy: 'bench',
      openedAt: T0,
      floatMinor: 20_000,
      floatCount: [],
    });
    for (let i = 0; i < Z_SALES; i++) {
      const amountMinor = 500 + ((i * 37) % 4000);
      repos.shifts.addEntry({
        shiftId: id,
        kind: i % 500 === 499 ? 'drop' : 'sale',
        tender: 'cash',
        amountMinor,
        tenderedMinor: i % 500 === 499 ? 0 : amountMinor + (i % 3) * 100,
        changeMinor: i % 500 === 499 ? 0 : (i % 3) * 100,
        paymentId: null,
        receiptSeq: i + 1,
        reference: null,
        reason: null,
        operator: 'bench',
        at: T0,
      });
    }
  });
  shiftIds.push(id);
};
const zTimes: number[] = [];
const sumStmt = db
  .prepare('SELECT SUM(amount_minor) FROM shift_entries WHERE shift_id = ?')
  .pluck();
const zBaselineTimes: number[] = [];
for (let run = 0; run < Z_RUNS + 5; run++) {
  seedShift(run);
  const t = performance.now();
  const closed = await shifts.close([{ denominationMinor: 100, pieces: 50 }], benchOperator);
  const elapsed = performance.now() - t;
  if (!closed.report || closed.report.totals.sales.count === 0) throw new Error('no Z report');
  const tb = performance.now();
  sumStmt.get(shiftIds[run]);
  const baseline = performance.now() - tb;
  if (run >= 5) {
    zTimes.push(elapsed); // the first 5 warm up
    zBaselineTimes.push(baseline);
  }
}
const zReport = percentiles(zTimes);
const zBaseline = percentiles(zBaselineTimes);

const stays = Array.from({ length: 5000 }, () => Math.floor(rand() * 30 * 24 * 60));
const fee = measure(5000, (i) =>
  computeFee(defaultTariff, T0 + i * 7_919_000, T0 + i * 7_919_000 + stays[i]! * 60_000),
);
const feeBaseline = measure(5000, (i) =>
  computeFee(defaultTariff, T0 + i * 7_919_000, T0 + i * 7_919_000 + 3_600_000),
);

db.close();

// Verification throughput over a journal of 1,000,000 chained events, in its own file.
const VERIFY_EVENTS = Number(process.env.BENCH_JOURNAL_EVENTS ?? 1_000_000);
const jdb = openDatabase(join(dir, 'journal.db'));
const jkey = randomBytes(32);
const big = new Journal(jdb, jkey, 'bench');
const tSeed = performance.now();
for (let done = 0; done < VERIFY_EVENTS;) {
  const batch = Math.min(20_000, VERIFY_EVENTS - done);
  jdb.transaction(() => {
    for (let i = 0; i < batch; i++, done++) {
      big.append(
        {
          type: 'plate.read',
          aggregateId: `lane-${done % 4}`,
          actor: 'station',
          payload: {
            plate: plates[done % plates.length]!,
            confidence: 0.9,
            source: 'camera',
            photoId: null,
          },
        },
        T0 + done * 1000,
      );
    }
  })();
}
const journalSeedSeconds = (performance.now() - tSeed) / 1000;
// Both ways: on one thread (the station's start-up check) and on every core (journal:verify).
const tSingle = performance.now();
const single = verifyJournal(jdb, jkey);
const singleSeconds = (performance.now() - tSingle) / 1000;
const tVerify = performance.now();
const verified = await verifyJournalFile(join(dir, 'journal.db'), jkey);
const verifySeconds = (performance.now() - tVerify) / 1000;
for (const result of [single, verified]) {
  if (!result.ok || result.events !== VERIFY_EVENTS)
    throw new Error('bench journal did not verify');
}
const verifyPerSecond = Math.round(VERIFY_EVENTS / verifySeconds);
const singlePerSecond = Math.round(VERIFY_EVENTS / singleSeconds);
jdb.close();
const loyalty = runLoyaltyBench(dir, measure);
rmSync(dir, { recursive: true, force: true });

const ratio = (a: number, b: number) => +(a / b).toFixed(3);
const rows = [
  ['exact plate lookup', exact, exactBaseline, 'full scan'],
  ['fuzzy lookup (history)', fuzzyAll, fuzzyBaseline, 'score every plate'],
  ['fuzzy lookup (in lot)', fuzzyLot, fuzzyBaseline, 'score every plate'],
  ['durable payment commit', payment, paymentBaseline, 'bare FULL commit'],
  ['payment commit + journal', payment, paymentNoJournal, 'same, no journal'],
  ['fee calculation (≤30 d)', fee, feeBaseline, '1 h stay'],
  ['Z report, 5,000 sales', zReport, zBaseline, 'SUM of the entries'],
] as const;
console.log(
  `\nsessions: ${N.toLocaleString()} (${IN_LOT} in the lot), seeded in ${seedSeconds.toFixed(1)} s\n`,
);
console.log(HEADER);
console.log(
  `journal verify: ${VERIFY_EVENTS.toLocaleString('en')} events in ${verifySeconds.toFixed(2)} s = ` +
    `${verifyPerSecond.toLocaleString('en')} events/s on ${availableParallelism()} threads; ` +
    `one thread ${singlePerSecond.toLocaleString('en')} events/s (appended in ${journalSeedSeconds.toFixed(1)} s)\n`,
);
for (const [name, m, b, bname] of rows) {
  console.log(
    `${name.padEnd(26)} ${String(m.p50).padStart(8)} ${String(m.p99).padStart(9)} ${String(b.p50).padStart(14)} ${String(ratio(m.p50, b.p50)).padStart(11)}  (${bname})`,
  );
}
printLoyaltyRows(loyalty);
const result = {
  sessions: N,
  distinct_plates: new Set(plates).size,
  seed_seconds: +seedSeconds.toFixed(1),
  exact_lookup_ms: exact,
  exact_lookup_baseline_full_scan_ms: exactBaseline,
  fuzzy_lookup_ms: fuzzyAll,
  fuzzy_lookup_in_lot_ms: fuzzyLot,
  fuzzy_lookup_baseline_score_all_ms: fuzzyBaseline,
  payment_commit_ms: payment,
  payment_commit_baseline_bare_commit_ms: paymentBaseline,
  payment_commit_without_journal_ms: paymentNoJournal,
  journal_verify_events: VERIFY_EVENTS,
  journal_verify_seconds: +verifySeconds.toFixed(2),
  journal_verify_events_per_s: verifyPerSecond,
  journal_verify_threads: availableParallelism(),
  journal_verify_one_thread_events_per_s: singlePerSecond,
  fee_calc_ms: fee,
  fee_calc_baseline_1h_ms: feeBaseline,
  z_report_5000_sales_ms: zReport,
  z_report_baseline_sum_entries_ms: zBaseline,
  ratios_p50: {
    exact_vs_scan: ratio(exact.p50, exactBaseline.p50),
    fuzzy_vs_score_all: ratio(fuzzyAll.p50, fuzzyBaseline.p50),
    payment_vs_bare_commit: ratio(payment.p50, paymentBaseline.p50),
    payment_with_vs_without_journal: ratio(payment.p50, paymentNoJournal.p50),
    fee_vs_1h: ratio(fee.p50, feeBaseline.p50),
    journal_verify_threads_vs_one: ratio(verifyPerSecond, singlePerSecond),
    z_report_vs_sum_entries: ratio(zReport.p50, zBaseline.p50),
  },
  targets: {
    fuzzy_p99_le_5ms: fuzzyAll.p99 <= 5 && fuzzyLot.p99 <= 5,
    payment_p99_le_10ms: payment.p99 <= 10,
    journal_verify_ge_200k_per_s: verifyPerSecond >= 200_000,
    z_report_p95_le_50ms: zReport.p95 <= 50,
  },
  ...loyalty.json,
};
console.log(JSON.stringify(result));
