/**
 * Crash soak: kills the station with SIGKILL at random points around cash, card and split
 * payments and lost-ticket charges (pay → print → terminal), restarts it on the same data
 * directory each time, and checks the money invariants after every restart
 * (scripts/soak/money-invariants.ts). The card terminal simulator runs here, outside the
 * station, on loopback TCP: after every restart each charge it made must be booked exactly once.
 *
 * The client behaves like a real booth after a crash: a request whose answer never came is
 * either sent again with the same idempotency key (the headless renderer kept its dialog open),
 * or the cashier starts over with a new key (Electron's window restarted with the station) and
 * charges whatever the station still shows as open or due. Neither may charge a stay twice.
 * Receipt numbers must stay gapless and unique, and a number once told never changes.
 *
 * Usage: npm run soak:payments (1,000 kills), or npm run soak:crash -- [--iterations 500] [--seed N] [--max-delay-ms 120] [--data-dir D]
 * Prints one line per 50 iterations and a JSON summary on the last line; exits 1 on a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AlertView, IpcResult, PaymentResult, QuoteView } from '../src-shared';
import { loadStationConfig } from '../src-main/app/config';
import { CardTerminalSimulator } from '../src-main/devices/terminal/card-terminal-simulator';
import {
  cardChargeFailures,
  checkMoneyInvariants,
  receiptsPrintedTwice,
  socatProcessesFor,
  unsettledCardAttempts,
} from './soak/money-invariants';
import {
  StationDied,
  signInToTakeMoney,
  startStationProcess,
  type StationProcess,
} from './soak/station-process';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '500' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    'max-delay-ms': { type: 'string', default: '120' },
    'data-dir': { type: 'string' },
  },
});
const iterations = Number(values.iterations);
const maxDelayMs = Number(values['max-delay-ms']);
const seed = Number(values.seed);

/** mulberry32: a small seeded generator, so a failing run can be repeated with --seed. */
function rng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(seed);
const key = () => `soak-${seed}-${Math.floor(rand() * 2 ** 52).toString(36)}-${Date.now()}`;

interface Pending {
  channel: 'payments:cash' | 'payments:card' | 'alerts:resolve';
  payload: Record<string, unknown>;
  plate: string;
}

const client = {
  ackedPaymentIds: [] as string[],
  ackedReceiptNumbers: new Map<string, string>(),
  plates: [] as string[],
};
let pending: Pending[] = [];
const stats = {
  iterations: 0,
  kills: 0,
  killedWithRequestInFlight: 0,
  acknowledged: 0,
  replayedSameKey: 0,
  replayReturnedEarlier: 0,
  retriedWithNewKey: 0,
  newKeyRefused: 0,
  interruptedPrintsRecovered: 0,
  cardCharges: 0,
  gateRetries: 0,
  maxSocatAfterRestart: 0,
  failures: [] as string[],
};

/** Records a broken invariant, and says it at once (a long soak should not keep it to the end). */
function fail(message: string): void {
  stats.failures.push(message);
  process.stderr.write(`FAILURE ${message}\n`);
}

function unwrap<T>(r: IpcResult<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Notes a payment the client was told about: it must exist, exactly once, from now on. */
function acked(channel: Pending['channel'], result: IpcResult<unknown>): void {
  if (!result.ok) return;
  const payment =
    channel !== 'alerts:resolve'
      ? (result.value as PaymentResult)
      : (result.value as { payment: PaymentResult | null }).payment;
  if (!payment) return;
  const told = client.ackedReceiptNumbers.get(payment.payment.id);
  if (told !== undefined && told !== payment.payment.receiptNumber) {
    fail(`payment ${payment.payment.id} was told ${told}, then ${payment.payment.receiptNumber}`);
  }
  client.ackedReceiptNumbers.set(payment.payment.id, payment.payment.receiptNumber);
  client.ackedPaymentIds.push(payment.payment.id);
  stats.acknowledged++;
}

/** After a restart: settle what the last run left unanswered, the way the booth would. */
async function recover(st: StationProcess): Promise<void> {
  const left = pending;
  pending = [];
  for (const p of left) {
    if (rand() < 0.5) {
      stats.replayedSameKey++;
      const result = await st.call(p.channel, p.payload);
      if (result.ok) stats.replayReturnedEarlier++;
      acked(p.channel, result);
      continue;
    }
    // The cashier starts over with a new key and charges whatever still looks open or due.
    stats.retriedWithNewKey++;
    const fresh: Record<string, unknown> = { ...p.payload, idempotencyKey: key() };
    if (p.channel === 'alerts:resolve') {
      const open = unwrap<AlertView[]>(await st.call('alerts:list', {}), 'alerts:list');
      if (!open.some((a) => a.id === p.payload.alertId)) {
        stats.newKeyRefused++;
        continue;
      }
    } else {
      const q = await st.call('sessions:quote', { sessionId: p.payload.sessionId });
      if (!q.ok || (q.value as QuoteView).dueMinor === 0) {
        stats.newKeyRefused++;
        continue;
      }
      fresh.expectedDueMinor = (q.value as QuoteView).dueMinor;
      if (p.channel === 'payments:cash') fresh.tenderedMinor = (q.value as QuoteView).dueMinor;
    }
    const result = await st.call(p.channel, fresh);
    if (!result.ok) stats.newKeyRefused++;
    acked(p.channel, result);
  }
}

/**
 * A car read in at the entry, and what it owes now. A barrier that did not answer in time (a
 * busy machine: the Modbus reply has 500 ms) opened no stay: the booth reads the car again.
 */
async function enterOwing(st: StationProcess, plate: string) {
  let read = await st.call('lanes:manualRead', { laneId: 'entry-1', plate });
  for (let retry = 0; retry < 3 && !read.ok && read.error.code === 'DEVICE_FAULT'; retry++) {
    stats.gateRetries++;
    read = await st.call('lanes:manualRead', { laneId: 'entry-1', plate });
  }
  const entered = unwrap<{ kind: string; sessionId?: string }>(read, 'entry');
  if (!entered.sessionId) throw new Error(`entry gave ${entered.kind}`);
  const sessionId = entered.sessionId;
  return {
    sessionId,
    q: unwrap<QuoteView>(await st.call('sessions:quote', { sessionId }), 'quote'),
  };
}

/** One scenario, with the kill armed to fire a random time after the money request is sent. */
async function scenario(st: StationProcess, i: number): Promise<void> {
  // Digits only after the prefix: letters fold onto digits in look-alike matching, and two
  // soak plates must never be taken for each other.
  const plate = `SK${String(seed % 100).padStart(2, '0')}${String(i).padStart(5, '0')}`;
  client.plates.push(plate);
  let request: Pending;
  const pick = rand();
  if (pick < 0.3) {
    // By card (half of them split with cash), through the terminal outside the station.
    const { sessionId, q } = await enterOwing(st, plate);
    const cashMinor = rand() < 0.5 ? Math.floor(q.dueMinor / 2) : 0;
    request = {
      channel: 'payments:card',
      plate,
      payload: {
        sessionId,
        expectedDueMinor: q.dueMinor,
        cashMinor,
        cashTenderedMinor: cashMinor,
        idempotencyKey: key(),
      },
    };
  } else if (pick < 0.65) {
    const { sessionId, q } = await enterOwing(st, plate);
    request = {
      channel: 'payments:cash',
      plate,
      payload: {
        sessionId,
        tenderedMinor: q.dueMinor + 500,
        expectedDueMinor: q.dueMinor,
        idempotencyKey: key(),
      },
    };
  } else {
    const out = unwrap<{ kind: string; alertId?: string }>(
      await st.call('lanes:manualRead', { laneId: 'exit-1', plate }),
      'exit',
    );
    if (!out.alertId) throw new Error(`unknown exit gave ${out.kind}`);
    const alert = unwrap<AlertView[]>(await st.call('alerts:list', {}), 'alerts').find(
      (a) => a.id === out.alertId,
    );
    request = {
      channel: 'alerts:resolve',
      plate,
      payload: {
        alertId: out.alertId,
        action: 'lostTicket',
        tenderedMinor: alert?.lostTicketFeeMinor ?? 100_000,
        idempotencyKey: key(),
      },
    };
  }
  pending.push(request);
  const delay = rand() * maxDelayMs;
  const timer = setTimeout(() => {
    stats.killedWithRequestInFlight++;
    st.kill();
  }, delay);
  try {
    const result = await st.call(request.channel, request.payload);
    clearTimeout(timer);
    pending = pending.filter((p) => p !== request);
    acked(request.channel, result);
    // The answer came first: kill it anyway, somewhere in what follows (the print, the gate).
    setTimeout(() => st.kill(), rand() * 20);
  } catch (err) {
    // Killed with the request in flight: its fate is for recover() to find out.
    if (!(err instanceof StationDied)) throw err;
  }
}

async function main(): Promise<void> {
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'station-soak-'));
  const dbFile = join(dataDir, 'station.db');
  const started = Date.now();
  // The card terminal stands outside the station, as a real one does: a kill leaves what it
  // charged charged, and the restarted station must find out and book it exactly once.
  const terminal = await CardTerminalSimulator.start({ transport: { kind: 'tcp' } });
  const cardTerminalPort = terminal.port!;
  /** Waits (bounded) for the station to settle its card attempts, then checks card money. */
  const checkCards = async (when: string) => {
    for (let wait = 0; wait < 300 && unsettledCardAttempts(dbFile) > 0; wait++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const left = unsettledCardAttempts(dbFile);
    if (left > 0) fail(`${when}: ${left} card attempts still unsettled after 15 s`);
    const charges = terminal.charges.map((c) => ({ reference: c.reference, amount: c.amount }));
    stats.cardCharges = charges.length;
    for (const f of cardChargeFailures(dbFile, charges)) fail(`${when}: ${f}`);
  };
  for (let i = 0; i < iterations; i++) {
    // Receipts left waiting may start printing as soon as the station is up: not a leftover.
    const restartedAt = Date.now();
    const st = await startStationProcess(dataDir, { cardTerminalPort });
    stats.maxSocatAfterRestart = Math.max(
      stats.maxSocatAfterRestart,
      socatProcessesFor(dataDir).length,
    );
    const report = checkMoneyInvariants(dbFile, client, restartedAt);
    stats.interruptedPrintsRecovered = report.interruptedJobs;
    for (const f of report.failures) fail(`after kill ${i}: ${f}`);
    for (const f of receiptsPrintedTwice(join(dataDir, 'receipts'))) fail(`after kill ${i}: ${f}`);
    try {
      await signInToTakeMoney(st);
      await recover(st);
      await checkCards(`after kill ${i}`);
      await scenario(st, i);
    } catch (err) {
      // Dying mid-request is the point; anything else is a finding.
      if (!(err instanceof StationDied)) {
        fail(`iteration ${i}: ${err instanceof Error ? err.message : String(err)}`);
        st.kill();
      }
    }
    await st.exited;
    stats.kills++;
    stats.iterations++;
    if (stats.failures.length > 20) break;
    if ((i + 1) % 50 === 0) {
      process.stdout.write(
        `${i + 1}/${iterations} kills, ${stats.acknowledged} acknowledged payments, ` +
          `${stats.failures.length} failures\n`,
      );
    }
  }
  // A last start checks the state the final kill left, then stops cleanly.
  const st = await startStationProcess(dataDir, { cardTerminalPort });
  await signInToTakeMoney(st);
  await recover(st);
  await checkCards('final');
  await st.stop();
  await terminal.stop();
  const final = checkMoneyInvariants(dbFile, client);
  stats.failures.push(...final.failures.map((f) => `final: ${f}`));
  const twice = receiptsPrintedTwice(join(dataDir, 'receipts'));
  stats.failures.push(...twice.map((f) => `final: ${f}`));
  const orphans = socatProcessesFor(dataDir);
  if (orphans.length) stats.failures.push(`socat still running after the stop: ${orphans}`);
  // One pty pair (one socat) per simulated device: the lanes' gates, the printer, the display.
  const config = loadStationConfig({ dataDir, demo: true });
  const expectedSocat =
    config.lanes.filter((l) => l.gate.kind === 'simulated').length +
    (config.printer.kind === 'simulated' ? 1 : 0) +
    (config.poleDisplay.kind === 'simulated' ? 1 : 0); // the card terminal: on TCP, no pty
  if (stats.maxSocatAfterRestart > expectedSocat) {
    stats.failures.push(
      `${stats.maxSocatAfterRestart} socat processes after a restart (${expectedSocat} expected)`,
    );
  }
  if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
  const summary = {
    ok: stats.failures.length === 0,
    seed,
    ...stats,
    payments: final.payments,
    failures: stats.failures.slice(0, 20),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  console.log(JSON.stringify(summary));
  process.exit(summary.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  console.log(JSON.stringify({ ok: false, error: String(err) }));
  process.exit(1);
});
