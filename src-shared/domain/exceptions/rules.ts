import type { JournalEntryView } from '../../journal/event-types';
import { LOOKALIKE_PAIRS } from '../lookalikes';
import { anomalyException, type ArrivalAnomaly } from './anomalies';
import { pumpSilenceException, type PumpSilence } from './pump-silence';
import type { OpenStay, RuleState, ShiftTally } from './rule-state';
import type { ExceptionThresholds, StationException } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** An override's reason is journaled just before its gate opens: this close, it is the cause. */
const OVERRIDE_LINK_MS = 60_000;
/**
 * A car's own entry read repeats while it stands at the barrier and drives off: a read of a plate
 * inside counts as a second entry only this long after the stay began.
 */
const SECOND_ENTRY_AFTER_MS = 10 * 60_000;
/** Evidence kept per double entry: a car refused at the barrier is read again and again. */
const MAX_READS_LINKED = 10;

type Payload = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const photos = (...ids: (string | null | undefined)[]): string[] =>
  ids.filter((p): p is string => typeof p === 'string' && p.length > 0);

/**
 * Feeds one journal event to every rule: updates `state` in place and returns the exceptions
 * the event raises or extends (same id = the same exception, grown). Reads only the event and
 * the state, so the journal replayed from seq 0 raises the same exceptions with the same ids.
 */
export function applyToRules(
  state: RuleState,
  e: JournalEntryView,
  t: ExceptionThresholds,
): StationException[] {
  state.lastAt = Math.max(state.lastAt, e.at);
  const due = dueOverstays(state, t);
  const raised = judge(state, e, t);
  return due.length === 0 ? raised : [...due, ...raised];
}

function judge(state: RuleState, e: JournalEntryView, t: ExceptionThresholds): StationException[] {
  const p = (e.payload ?? {}) as Payload;
  switch (e.type) {
    case 'plate.read':
      state.lastRead[e.aggregateId] = {
        seq: e.seq,
        at: e.at,
        plate: str(p.plate),
        photoId: (p.photoId as string | null) ?? null,
      };
      return readAtEntry(state, e, str(p.plate));
    case 'gate.overridden':
      state.lastOverride[e.aggregateId] = { seq: e.seq, at: e.at };
      return [];
    case 'gate.commanded':
      return gateOpened(state, e, p);
    case 'session.opened':
      return sessionOpened(state, e, p, t);
    case 'session.plateCorrected': {
      const stay = state.stays[e.aggregateId];
      if (stay) stay.plate = str(p.to);
      return [];
    }
    case 'session.closed':
      return sessionClosed(state, e, p, t);
    case 'session.deleted':
      delete state.stays[e.aggregateId];
      return [];
    case 'alert.raised':
      return p.kind === 'no-entry-record' ? [exitWithoutEntry(state, e, p)] : [];
    case 'shift.opened':
      state.shifts[e.aggregateId] = {
        cashier: e.actor,
        currency: str(p.currency),
        payments: 0,
        voids: [],
        refunds: [],
        nils: [],
      };
      return [];
    case 'payment.taken': {
      const shift = tally(state, p);
      if (shift) shift.payments++;
      return [];
    }
    case 'payment.voided':
      tally(state, p)?.voids.push(e.seq);
      return [];
    case 'payment.refunded':
      tally(state, p)?.refunds.push(e.seq);
      return [];
    case 'payment.waived':
      tally(state, p)?.nils.push(e.seq);
      return [];
    case 'shift.closed':
      return shiftClosed(state, e, p, t);
    case 'exception.anomalyDetected': {
      const found = anomalyException(p as unknown as ArrivalAnomaly);
      return [{ ...found, seqs: [e.seq] }];
    }
    case 'exception.pumpSilent': {
      const found = pumpSilenceException(p as unknown as PumpSilence);
      return [{ ...found, seqs: [e.seq] }];
    }
    default:
      return [];
  }
}

/**
 * Stays open longer than the limit by the journal's own time, judged before each event: a car
 * still in the lot is flagged once as soon as any later event shows the limit passed, without
 * waiting for its exit, and however the journal is cut into batches the same event raises it.
 */
function dueOverstays(state: RuleState, t: ExceptionThresholds): StationException[] {
  if (state.nextOverstayAt === null || state.lastAt <= state.nextOverstayAt) return [];
  const limit = t.overstayHours * HOUR_MS;
  const raised: StationException[] = [];
  let next: number | null = null;
  for (const stay of Object.values(state.stays)) {
    if (stay.overstayRaised) continue;
    const deadline = stay.entryAt + limit;
    if (state.lastAt > deadline) {
      stay.overstayRaised = true;
      raised.push(overstay(stay, deadline, t.overstayHours));
    } else if (next === null || deadline < next) {
      next = deadline;
    }
  }
  state.nextOverstayAt = next;
  return raised;
}

function gateOpened(state: RuleState, e: JournalEntryView, p: Payload): StationException[] {
  if (p.command !== 'open' || p.sessionId !== null) return [];
  const pending = state.gateOpening[e.aggregateId];
  if (pending && p.outcome !== 'requested') {
    // The read-back of the open already raised: the same exception, with how it ended.
    delete state.gateOpening[e.aggregateId];
    return [
      {
        ...pending,
        seqs: [...pending.seqs, e.seq],
        detail: { ...pending.detail, outcome: str(p.outcome) },
      },
    ];
  }
  const override = state.lastOverride[e.aggregateId];
  const read = state.lastRead[e.aggregateId];
  const near = (at: number | undefined) => at !== undefined && e.at - at <= OVERRIDE_LINK_MS;
  const raised: StationException = {
    id: `gate-without-transaction:${e.seq}`,
    kind: 'gate-without-transaction',
    at: e.at,
    subject: e.aggregateId,
    detail: { operator: e.actor, cause: str(p.cause), outcome: str(p.outcome) },
    seqs: [...(near(override?.at) ? [override!.seq] : []), e.seq],
    photoIds: near(read?.at) ? photos(read!.photoId) : [],
  };
  if (p.outcome === 'requested') state.gateOpening[e.aggregateId] = raised;
  return [raised];
}

/**
 * A plate read at an entry lane while its stay is open: the station refuses it as already
 * inside (so no second stay opens), but the car came back in without an exit, one way or another.
 */
function readAtEntry(state: RuleState, e: JournalEntryView, plate: string): StationException[] {
  if (!state.entryLanes[e.aggregateId]) return [];
  const stay = Object.values(state.stays).find((s) => s.plate === plate);
  if (!stay || e.at - stay.entryAt < SECOND_ENTRY_AFTER_MS) return [];
  const read = state.lastRead[e.aggregateId]!;
  if (stay.entryReadsInside.length < MAX_READS_LINKED) {
    stay.entryReadsInside.push({ seq: e.seq, photoId: read.photoId });
  }
  const reads = stay.entryReadsInside;
  return [
    {
      id: `double-entry:${stay.sessionId}`,
      kind: 'double-entry',
      at: e.at,
      subject: plate,
      detail: { plate, lane: e.aggregateId, reads: reads.length },
      seqs: [stay.seq, ...reads.map((r) => r.seq)],
      photoIds: photos(stay.photoId, ...reads.map((r) => r.photoId)),
    },
  ];
}

function sessionOpened(
  state: RuleState,
  e: JournalEntryView,
  p: Payload,
  t: ExceptionThresholds,
): StationException[] {
  const plate = str(p.plate);
  const photoId = (p.photoId as string | null) ?? null;
  const raised: StationException[] = [];
  const already = Object.values(state.stays).find(
    (s) => s.plate === plate && s.sessionId !== p.continuesSessionId,
  );
  // A lost ticket opens a stay at the exit for a car whose entry is not found: not a second entry.
  if (already && !p.lostTicket) {
    raised.push({
      id: `double-entry:${e.seq}`,
      kind: 'double-entry',
      at: e.at,
      subject: plate,
      detail: { plate, zone: str(p.zoneId) },
      seqs: [already.seq, e.seq],
      photoIds: photos(already.photoId, photoId),
    });
  }
  if (p.continuesSessionId) delete state.stays[str(p.continuesSessionId)];
  if (typeof p.laneId === 'string' && !p.lostTicket) state.entryLanes[p.laneId] = true;
  state.stays[e.aggregateId] = {
    sessionId: e.aggregateId,
    plate,
    entryAt: num(p.entryAt),
    seq: e.seq,
    photoId,
    overstayRaised: false,
    entryReadsInside: [],
  };
  const deadline = num(p.entryAt) + t.overstayHours * HOUR_MS;
  if (state.nextOverstayAt === null || deadline < state.nextOverstayAt) {
    state.nextOverstayAt = deadline;
  }
  if (p.lostTicket) raised.push(...lostTicket(state, e, plate, photoId, t));
  return raised;
}

function lostTicket(
  state: RuleState,
  e: JournalEntryView,
  plate: string,
  photoId: string | null,
  t: ExceptionThresholds,
): StationException[] {
  const since = e.at - t.lostTicketWindowDays * DAY_MS;
  const list = (state.lostTickets[plate] ?? []).filter((l) => l.at > since);
  list.push({ seq: e.seq, at: e.at, photoId });
  state.lostTickets[plate] = list;
  if (list.length < t.lostTicketsPerPlate) return [];
  // Named by the window's first lost ticket: each further one grows the same exception.
  return [
    {
      id: `repeated-lost-tickets:${plate}:${list[0]!.seq}`,
      kind: 'repeated-lost-tickets',
      at: e.at,
      subject: plate,
      detail: { plate, count: list.length, days: t.lostTicketWindowDays },
      seqs: list.map((l) => l.seq),
      photoIds: photos(...list.map((l) => l.photoId)),
    },
  ];
}

function sessionClosed(
  state: RuleState,
  e: JournalEntryView,
  p: Payload,
  t: ExceptionThresholds,
): StationException[] {
  const stay = state.stays[e.aggregateId];
  if (!stay) return [];
  delete state.stays[e.aggregateId];
  const raised: StationException[] = [];
  const read = state.lastRead[str(p.laneId)];
  if (
    read &&
    e.at - read.at <= t.exitReadSeconds * 1000 &&
    oneLookalikeApart(read.plate, stay.plate)
  ) {
    raised.push({
      id: `lookalike-exit-read:${e.seq}`,
      kind: 'lookalike-exit-read',
      at: e.at,
      subject: stay.plate,
      detail: { entryPlate: stay.plate, exitPlate: read.plate, lane: str(p.laneId) },
      seqs: [stay.seq, read.seq, e.seq],
      photoIds: photos(stay.photoId, read.photoId, p.photoId as string | null),
    });
  }
  return raised;
}

function overstay(stay: OpenStay, deadline: number, hours: number): StationException {
  return {
    id: `overstay:${stay.sessionId}`,
    kind: 'overstay',
    at: deadline,
    subject: stay.plate,
    detail: { plate: stay.plate, hours },
    seqs: [stay.seq],
    photoIds: photos(stay.photoId),
  };
}

function exitWithoutEntry(state: RuleState, e: JournalEntryView, p: Payload): StationException {
  const plate = str(p.plate);
  const read = state.lastRead[str(p.laneId)];
  const sameRead = read && read.plate === plate ? read : null;
  return {
    id: `exit-without-entry:${e.seq}`,
    kind: 'exit-without-entry',
    at: e.at,
    subject: plate,
    detail: { plate, lane: str(p.laneId) },
    seqs: sameRead ? [sameRead.seq, e.seq] : [e.seq],
    photoIds: photos(sameRead?.photoId),
  };
}

const tally = (state: RuleState, p: Payload): ShiftTally | undefined =>
  state.shifts[str(p.shiftId)];

function shiftClosed(
  state: RuleState,
  e: JournalEntryView,
  p: Payload,
  t: ExceptionThresholds,
): StationException[] {
  const shift = state.shifts[e.aggregateId];
  delete state.shifts[e.aggregateId];
  const raised: StationException[] = [];
  const variance = num(p.varianceMinor);
  if (Math.abs(variance) > t.cashVarianceMinor) {
    raised.push({
      id: `cash-variance:${e.aggregateId}`,
      kind: 'cash-variance',
      at: e.at,
      subject: shift?.cashier ?? e.actor,
      detail: { shift: e.aggregateId, varianceMinor: variance, currency: shift?.currency ?? '' },
      seqs: [e.seq],
      photoIds: [],
    });
  }
  if (!shift || shift.payments < t.rateMinPayments) return raised;
  const rates: [StationException['kind'], number[], number][] = [
    ['void-rate', shift.voids, t.voidRatePercent],
    ['refund-rate', shift.refunds, t.refundRatePercent],
    ['nil-payment-rate', shift.nils, t.nilPaymentRatePercent],
  ];
  for (const [kind, seqs, limit] of rates) {
    const percent = Math.round((seqs.length * 100) / shift.payments);
    if (seqs.length * 100 <= limit * shift.payments) continue;
    raised.push({
      id: `${kind}:${e.aggregateId}`,
      kind,
      at: e.at,
      subject: shift.cashier,
      detail: {
        cashier: shift.cashier,
        shift: e.aggregateId,
        percent,
        count: seqs.length,
        payments: shift.payments,
      },
      seqs: [...seqs, e.seq],
      photoIds: [],
    });
  }
  return raised;
}

/** Same length, exactly one character different, and that pair one the reader confuses. */
export function oneLookalikeApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let diff = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (diff >= 0) return false;
    diff = i;
  }
  const x = a[diff]!;
  const y = b[diff]!;
  return LOOKALIKE_PAIRS.some(([d, l]) => (d === x && l === y) || (d === y && l === x));
}
