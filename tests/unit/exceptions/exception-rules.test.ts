import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_EXCEPTION_THRESHOLDS as T,
  applyToRules,
  arrivalAnomalies,
  emptyRuleState,
  oneLookalikeApart,
  type StationException,
} from '../../../src-shared/domain/exceptions';
import { journalStream } from './journal-stream';

const T0 = Date.parse('2026-11-02T08:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A stream of journal events with seqs and times in order, as the journal hands them out. */
function stream() {
  const { events, append } = journalStream();
  const add = (
    type: string,
    aggregateId: string,
    payload: object,
    atMin: number,
    actor = 'cashier',
  ) => append(type, aggregateId, payload, T0 + atMin * MIN, actor);
  const run = (thresholds = T) => {
    const state = emptyRuleState();
    const byId = new Map<string, StationException>();
    for (const e of events) for (const x of applyToRules(state, e, thresholds)) byId.set(x.id, x);
    return [...byId.values()];
  };
  return { add, run };
}

const opened = (plate: string, atMin: number, extra: object = {}) => ({
  plate,
  zoneId: 'main',
  laneId: 'entry-1',
  entryAt: T0 + atMin * MIN,
  photoId: `ph-${plate}-${atMin}`,
  continuesSessionId: null,
  lostTicket: false,
  coveredBy: null,
  ...extra,
});
const closed = (atMin: number) => ({
  laneId: 'exit-1',
  exitAt: T0 + atMin * MIN,
  photoId: null,
  cause: 'paid',
});

describe('exception rules', () => {
  it('a gate opened without a transaction is one exception from its request to its read-back, linked to the override before it; a paid exit is none', () => {
    const s = stream();
    const gate = (outcome: string, sessionId: string | null, atMin: number, actor = 'manager') =>
      s.add(
        'gate.commanded',
        'exit-1',
        { command: 'open', cause: 'override by manager', sessionId, outcome, position: null },
        atMin,
        actor,
      );
    const override = s.add('gate.overridden', 'exit-1', { reason: 'van stuck' }, 0, 'manager');
    const requested = gate('requested', null, 0);
    const opened = gate('open', null, 0);
    gate('requested', 's1', 5, 'station');
    gate('open', 's1', 5, 'station');
    const found = s.run();
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'gate-without-transaction');
    assert.equal(found[0]!.subject, 'exit-1');
    assert.equal(found[0]!.detail.outcome, 'open');
    assert.deepEqual(found[0]!.seqs, [override, requested, opened]);
  });

  it('a second entry without an exit is a double entry with both photos; after an exit it is not', () => {
    const s = stream();
    const first = s.add('session.opened', 's1', opened('B123ABC', 0), 0);
    const second = s.add('session.opened', 's2', opened('B123ABC', 30), 30);
    s.add('session.closed', 's1', closed(40), 40);
    s.add('session.closed', 's2', closed(41), 41);
    s.add('session.opened', 's3', opened('B123ABC', 60), 60);
    const found = s.run();
    assert.deepEqual(
      found.map((x) => [x.kind, x.seqs]),
      [['double-entry', [first, second]]],
    );
    assert.deepEqual(found[0]!.photoIds, ['ph-B123ABC-0', 'ph-B123ABC-30']);
  });

  it('a plate read at an entry lane while inside is one double entry, grown by each read', () => {
    const s = stream();
    const read = (atMin: number) =>
      s.add(
        'plate.read',
        'entry-1',
        { plate: 'B777XYZ', confidence: 1, source: 'camera', photoId: `r${atMin}` },
        atMin,
      );
    read(0);
    const entry = s.add('session.opened', 's1', opened('B777XYZ', 0), 0);
    read(1); // the same car still under the camera as it drives in: no second entry
    const again = read(120);
    const thrice = read(121);
    s.add(
      'plate.read',
      'exit-1',
      { plate: 'B777XYZ', confidence: 1, source: 'camera', photoId: null },
      130,
    );
    const found = s.run();
    assert.deepEqual(
      found.map((x) => [x.id, x.seqs]),
      [['double-entry:s1', [entry, again, thrice]]],
      'an exit lane (never an entry in the journal) is not an entry',
    );
    assert.deepEqual(found[0]!.photoIds, ['ph-B777XYZ-0', 'r120', 'r121']);
  });

  it('lost tickets by one plate: an exception at the threshold, grown by the next, none past the window', () => {
    const s = stream();
    const lost = (id: string, atMin: number) =>
      s.add('session.opened', id, opened('CJ01XYZ', atMin, { lostTicket: true }), atMin);
    const a = lost('s1', 0);
    s.add('session.closed', 's1', closed(1), 1);
    const b = lost('s2', 60);
    s.add('session.closed', 's2', closed(61), 61);
    const c = lost('s3', 120);
    s.add('session.closed', 's3', closed(121), 121);
    const found = s.run();
    assert.equal(found.length, 1, 'one exception, grown');
    assert.deepEqual(found[0]!.seqs, [a, b, c]);
    assert.equal(found[0]!.detail.count, 3);
    const far = stream();
    far.add('session.opened', 'x1', opened('CJ01XYZ', 0, { lostTicket: true }), 0);
    far.add('session.closed', 'x1', closed(1), 1);
    far.add(
      'session.opened',
      'x2',
      opened('CJ01XYZ', 31 * 24 * 60, { lostTicket: true }),
      31 * 24 * 60,
    );
    assert.deepEqual(far.run(), []);
  });

  it('an overstay is raised once while the car is still in, and not again at its exit', () => {
    const s = stream();
    s.add('session.opened', 's1', opened('B1LONG', 0), 0);
    s.add(
      'plate.read',
      'entry-1',
      { plate: 'X', confidence: 1, source: 'camera', photoId: null },
      73 * 60,
    );
    assert.deepEqual(
      s.run().map((x) => [x.kind, x.detail.hours]),
      [['overstay', 72]],
    );
    s.add('session.closed', 's1', closed(80 * 60), 80 * 60);
    assert.equal(s.run().length, 1);
    const short = stream();
    short.add('session.opened', 's1', opened('B1SHORT', 0), 0);
    short.add('session.closed', 's1', closed(71 * 60), 71 * 60);
    assert.deepEqual(short.run(), []);
  });

  it('an exit read one look-alike character off the entry plate is flagged; a different plate is not', () => {
    const s = stream();
    s.add('session.opened', 's1', opened('B123ABC', 0), 0);
    s.add(
      'plate.read',
      'exit-1',
      { plate: 'B123A8C', confidence: 0.9, source: 'camera', photoId: 'px' },
      50,
    );
    const close = s.add('session.closed', 's1', closed(51), 51);
    const found = s.run();
    assert.deepEqual(
      found.map((x) => [x.kind, x.detail.exitPlate, x.seqs.at(-1)]),
      [['lookalike-exit-read', 'B123A8C', close]],
    );
    assert.equal(oneLookalikeApart('B123ABC', 'B123ABC'), false);
    assert.equal(oneLookalikeApart('B123ABC', 'B123AXC'), false, 'X is no look-alike of B');
    assert.equal(oneLookalikeApart('B123ABC', 'B12BA8C'), false, 'two characters apart');
    assert.equal(oneLookalikeApart('0B12', 'OB12'), true);
  });

  it("a shift's void rate over its threshold names the cashier; at the threshold it does not", () => {
    const shift = (voids: number) => {
      const s = stream();
      s.add('shift.opened', 'sh1', { currency: 'RON', floatMinor: 0, count: [] }, 0, 'ana');
      for (let i = 0; i < 20; i++) s.add('payment.taken', `p${i}`, { shiftId: 'sh1' }, i + 1);
      for (let i = 0; i < voids; i++)
        s.add('payment.voided', `p${i}`, { shiftId: 'sh1' }, 30 + i, 'manager');
      s.add('shift.closed', 'sh1', { varianceMinor: -2500 }, 60, 'ana');
      return s.run();
    };
    // 2 of 20 is 10%: at the threshold, not over it.
    assert.deepEqual(
      shift(2).map((x) => x.kind),
      ['cash-variance'],
    );
    const over = shift(3);
    const rate = over.find((x) => x.kind === 'void-rate');
    assert.equal(rate?.subject, 'ana');
    assert.equal(rate?.detail.percent, 15);
    assert.equal(over.find((x) => x.kind === 'cash-variance')?.detail.varianceMinor, -2500);
  });

  it('a no-entry alert at an exit is an exit without entry, with the read that raised it', () => {
    const s = stream();
    const read = s.add(
      'plate.read',
      'exit-1',
      { plate: 'IF99ZZZ', confidence: 0.97, source: 'camera', photoId: 'pr' },
      0,
    );
    const alert = s.add(
      'alert.raised',
      'a1',
      { kind: 'no-entry-record', laneId: 'exit-1', plate: 'IF99ZZZ', confidence: 0.97 },
      0,
    );
    const found = s.run();
    assert.deepEqual(
      found.map((x) => [x.kind, x.seqs, x.photoIds]),
      [['exit-without-entry', [read, alert], ['pr']]],
    );
  });
});

describe('arrival anomalies', () => {
  const hours = (actuals: number[]) =>
    actuals.map((actual, i) => ({
      hourStart: T0 + i * HOUR,
      expected: 10,
      lower: 5,
      upper: 15,
      actual,
    }));

  it('a run of hours below the interval alarms once, naming its first hour; a shorter run does not', () => {
    const found = arrivalAnomalies('main', hours([10, 0, 0, 0, 9, 0, 0, 11]), 3);
    assert.deepEqual(found, [
      { zoneId: 'main', fromHour: T0 + HOUR, hours: 3, side: 'low', actual: 0, expected: 30 },
    ]);
  });

  it('low then high is two runs, neither long enough; a gap in the hours breaks a run', () => {
    assert.deepEqual(arrivalAnomalies('main', hours([0, 0, 20, 20]), 3), []);
    const gap = hours([0, 0, 0, 0]);
    gap[2]!.hourStart += 10 * HOUR;
    gap[3]!.hourStart += 10 * HOUR;
    assert.deepEqual(arrivalAnomalies('main', gap, 3), []);
  });
});
