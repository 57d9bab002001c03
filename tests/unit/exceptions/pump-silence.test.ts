import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  pumpSilenceException,
  silentPumpRuns,
  type CheckedHour,
} from '../../../src-shared/domain/exceptions';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T06:00:00Z');

/** Hours from T0 expecting `expected` each, with the sales given (the rest sold nothing). */
function day(expected: number[], sold: Record<number, number>): CheckedHour[] {
  return expected.map((e, i) => ({
    hourStart: T0 + i * HOUR,
    expected: e,
    lower: 0,
    upper: e * 2,
    actual: sold[i] ?? 0,
  }));
}

it('raises a pump that sold nothing where its forecast expected 6 sales or more', () => {
  // A busy morning: 2 an hour expected; sales until 08:00, then nothing for four hours.
  const hours = day([2, 2, 2, 2, 2, 2, 2], { 0: 3, 1: 2, 2: 1 });
  assert.deepEqual(silentPumpRuns(2, 'pumps-a', hours, 6), [
    { pump: 2, laneId: 'pumps-a', fromHour: T0 + 2 * HOUR + HOUR, hours: 4, expected: 8 },
  ]);
  const x = pumpSilenceException(silentPumpRuns(2, 'pumps-a', hours, 6)[0]!);
  assert.deepEqual(
    { id: x.id, kind: x.kind, subject: x.subject, detail: x.detail },
    {
      id: `pump-silent:2:${T0 + 3 * HOUR}`,
      kind: 'pump-silent',
      subject: 'pump 2',
      detail: { pump: 2, lane: 'pumps-a', hours: 4, expected: 8 },
    },
  );
});

it('stays quiet over a quiet night, a short lull, a gap in the hours, or a sale in the run', () => {
  // Twelve night hours at 0.3 an hour: 3.6 expected in all, an ordinary silence.
  assert.deepEqual(silentPumpRuns(1, 'l', day(Array(12).fill(0.3), {}), 6), []);
  // Two busy hours without a sale: 5 expected, e^-5 is not rare enough at this threshold.
  assert.deepEqual(silentPumpRuns(1, 'l', day([2.5, 2.5], {}), 6), []);
  // One sale halfway splits the run into two of 4 expected each.
  assert.deepEqual(silentPumpRuns(1, 'l', day([2, 2, 2, 2, 2], { 2: 1 }), 6), []);
  // Hours missing between (the forecast had none there): not one run.
  const gapped = day([2, 2, 2, 2], {}).map((h, i) =>
    i >= 2 ? { ...h, hourStart: h.hourStart + 5 * HOUR } : h,
  );
  assert.deepEqual(silentPumpRuns(1, 'l', gapped, 6), []);
  // The same with the threshold at 4: each half alone is enough.
  assert.equal(silentPumpRuns(1, 'l', gapped, 4).length, 2);
});
