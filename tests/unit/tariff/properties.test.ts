import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { computeFee, computeFeeDetail, type FeeQuote } from '../../../src-shared/domain/tariff';
import { caseArb, stayArb } from './arbitraries';
import { referenceFee } from './reference';

// Seeded so a failure reproduces; fast-check prints the counterexample and path.
const runs = (numRuns: number, seed: number) => ({ numRuns, seed });

function assertWellFormed(q: FeeQuote): void {
  assert.ok(Number.isSafeInteger(q.totalMinor) && q.totalMinor >= 0, `total ${q.totalMinor}`);
  assert.equal(
    q.lines.reduce((sum, l) => sum + l.amountMinor, 0),
    q.totalMinor,
  );
  for (const l of q.lines) {
    assert.ok(Number.isSafeInteger(l.amountMinor));
    assert.ok(l.label.length > 0);
    assert.equal(l.amountMinor < 0, l.kind === 'cap', `only cap lines are negative: ${l.label}`);
  }
}

describe('tariff engine properties', () => {
  it('matches the minute-by-minute reference on random tariffs and stays', () => {
    fc.assert(
      fc.property(caseArb(), stayArb(3), ([tariff, entry], stay) => {
        const d = computeFeeDetail(tariff, entry, entry + stay);
        const ref = referenceFee(tariff, entry, entry + stay);
        assert.equal(d.quote.durationMinutes, ref.durationMinutes);
        assert.equal(d.dayMinutes, ref.dayMinutes);
        assert.equal(d.nightMinutes, ref.nightMinutes);
        assert.equal(d.dayChargeMinor, ref.dayChargeMinor);
        assert.deepEqual(
          d.nights.map((n) => n.amountMinor),
          ref.nightAmounts,
        );
        assert.deepEqual(
          d.periods.map((p) => p.chargeMinor),
          ref.periodCharges,
        );
        assert.equal(d.quote.totalMinor, ref.totalMinor);
      }),
      runs(250, 20260329),
    );
  });

  it('(1) a longer stay never costs less', () => {
    fc.assert(
      fc.property(
        caseArb(),
        stayArb(4),
        fc.oneof(fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 2 * 86_400_000 })),
        ([tariff, entry], stay, delta) => {
          const shorter = computeFee(tariff, entry, entry + stay).totalMinor;
          const longer = computeFee(tariff, entry, entry + stay + delta).totalMinor;
          assert.ok(longer >= shorter, `${longer} < ${shorter} (+${delta} ms)`);
        },
      ),
      runs(400, 1025),
    );
  });

  it('(2) with a daily cap, no period exceeds the cap and the total is within cap x periods', () => {
    fc.assert(
      fc.property(caseArb({ cap: 'always' }), stayArb(3), ([tariff, entry], stay) => {
        const cap = tariff.dailyCap!.amountMinor;
        const d = computeFeeDetail(tariff, entry, entry + stay);
        // Touched periods counted independently by the reference walk.
        const touched = referenceFee(tariff, entry, entry + stay).periodCharges.length;
        assert.equal(d.periods.length, touched);
        assert.ok(d.quote.totalMinor <= cap * touched, `${d.quote.totalMinor} > ${cap}x${touched}`);
        for (const p of d.periods) {
          assert.ok(p.billedMinor <= cap);
          assert.equal(p.billedMinor, Math.min(p.chargeMinor, cap));
        }
        assert.equal(
          d.periods.reduce((s, p) => s + p.billedMinor, 0),
          d.quote.totalMinor,
        );
      }),
      runs(250, 5000),
    );
  });

  it('(3) lines sum to the total, which is a non-negative integer', () => {
    fc.assert(
      fc.property(caseArb(), stayArb(30), ([tariff, entry], stay) => {
        assertWellFormed(computeFee(tariff, entry, entry + stay));
      }),
      runs(400, 3),
    );
  });
});
