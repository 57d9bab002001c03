import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  DEFAULT_EXCEPTION_THRESHOLDS as T,
  applyToRules,
  emptyRuleState,
  type RuleState,
  type StationException,
} from '../../../src-shared/domain/exceptions';
import type { JournalEntryView } from '../../../src-shared/journal/event-types';
import { prng } from '../../support/random';
import { journalStream } from './journal-stream';

const T0 = Date.parse('2026-11-02T08:00:00Z');
const PLATES = ['B100AAA', 'B100AA4', 'CJ22XYZ', 'IF01OOO', 'IF010OO'];

/** A random day-by-day stream of lane, stay and shift events over a few plates (look-alikes too). */
function randomStream(seed: number, n: number): JournalEntryView[] {
  const r = prng(seed);
  const pick = <X>(xs: readonly X[]) => xs[Math.floor(r() * xs.length)]!;
  const { events, append } = journalStream();
  const open = new Map<string, string>();
  let at = T0;
  let shift = 0;
  const add = (type: string, aggregateId: string, payload: object, actor = 'ana') =>
    append(type, aggregateId, payload, at, actor);
  add('shift.opened', 'sh0', {});
  while (events.length < n) {
    at += Math.floor(r() * 6 * 3_600_000);
    const plate = pick(PLATES);
    const lane = pick(['entry-1', 'exit-1']);
    const x = r();
    add('plate.read', lane, { plate, photoId: r() < 0.5 ? `p${events.length}` : null });
    if (x < 0.3 && !open.has(plate)) {
      const id = `s${events.length}`;
      open.set(plate, id);
      add('session.opened', id, {
        plate,
        zoneId: 'main',
        laneId: 'entry-1',
        entryAt: at,
        photoId: null,
        continuesSessionId: null,
        lostTicket: r() < 0.3,
      });
    } else if (x < 0.55 && open.has(plate)) {
      add('session.closed', open.get(plate)!, { laneId: 'exit-1', exitAt: at, photoId: null });
      open.delete(plate);
    } else if (x < 0.65) {
      add('gate.commanded', lane, {
        command: 'open',
        outcome: pick(['requested', 'open']),
        sessionId: r() < 0.5 ? null : 's',
        cause: 'x',
      });
    } else if (x < 0.8) {
      add(
        pick([
          'payment.taken',
          'payment.taken',
          'payment.voided',
          'payment.refunded',
          'payment.waived',
        ]),
        'p',
        { shiftId: `sh${shift}` },
      );
    } else if (x < 0.85) {
      add('shift.closed', `sh${shift}`, { varianceMinor: Math.floor((r() - 0.5) * 3000) });
      shift++;
      add('shift.opened', `sh${shift}`, {});
    } else if (x < 0.9) {
      add('alert.raised', 'a', { kind: 'no-entry-record', laneId: 'exit-1', plate });
    }
  }
  return events;
}

function judge(events: JournalEntryView[], cuts: number[]): Map<string, StationException> {
  const found = new Map<string, StationException>();
  let state: RuleState = emptyRuleState();
  let from = 0;
  for (const to of [...cuts, events.length]) {
    for (const e of events.slice(from, to)) {
      for (const x of applyToRules(state, e, T)) found.set(x.id, x);
    }
    // Between batches the state lives in the database as JSON.
    state = JSON.parse(JSON.stringify(state)) as RuleState;
    from = to;
  }
  return found;
}

it('any batching of the journal, with the rules state stored as JSON between batches, raises the same exceptions', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const events = randomStream(seed, 400);
    const r = prng(seed * 7);
    const cuts = Array.from({ length: 1 + Math.floor(r() * 12) }, () =>
      Math.floor(r() * events.length),
    ).sort((a, b) => a - b);
    const whole = judge(events, []);
    assert.ok(whole.size > 0, `seed ${seed}: the stream raises something`);
    assert.deepEqual(judge(events, cuts), whole, `seed ${seed}, cuts ${cuts.join(',')}`);
  }
});
