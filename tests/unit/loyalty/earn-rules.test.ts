/**
 * Earn rules (issue 10), pure: points by amount or by the litre, per grade, excluded
 * categories, campaigns in their date range (the biggest applies, never stacked), and the one
 * rounding rule (floor at each step, integers only). Phone numbers as members are looked up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  callingCodeFor,
  normalisePhone,
  pointsFor,
  pointsToReverse,
  redeemRefusal,
  type EarnRules,
} from '../../../src-shared/domain/loyalty';

const DAY = 86_400_000;
const rules: EarnRules = {
  // 1 point per 1.00 (100 minor units)
  perAmount: { points: 1, per: 100 },
  // fuel: 2 points a litre, premium 3 a litre; LPG by amount, 1 per 2.00
  fuel: { by: 'litre', rate: { points: 2, per: 1000 } },
  grades: {
    e100: { by: 'litre', rate: { points: 3, per: 1000 } },
    lpg: { by: 'amount', rate: { points: 1, per: 200 } },
  },
  excludedCategories: ['lost-ticket', 'tobacco'],
  campaigns: [
    {
      id: 'double-fuel',
      percent: 200,
      from: 10 * DAY,
      to: 20 * DAY,
      categories: ['fuel'],
      grades: [],
    },
    {
      id: 'e100-week',
      percent: 150,
      from: 12 * DAY,
      to: 14 * DAY,
      categories: [],
      grades: ['e100'],
    },
    { id: 'all-half', percent: 150, from: 30 * DAY, to: 31 * DAY, categories: [], grades: [] },
  ],
};

describe('earn rules', () => {
  it('by amount, by the litre and per grade, rounding down', () => {
    assert.equal(pointsFor({ category: 'parking', amountMinor: 1_299, at: 0 }, rules), 12);
    assert.equal(
      pointsFor(
        { category: 'fuel', amountMinor: 27_156, millilitres: 40_123, gradeId: 'e95', at: 0 },
        rules,
      ),
      80, // floor(40 123 × 2 / 1000) = 80.246 → 80
    );
    assert.equal(
      pointsFor(
        { category: 'fuel', amountMinor: 1, millilitres: 40_123, gradeId: 'e100', at: 0 },
        rules,
      ),
      120, // floor(120.369)
    );
    assert.equal(
      pointsFor(
        { category: 'fuel', amountMinor: 5_099, millilitres: 20_000, gradeId: 'lpg', at: 0 },
        rules,
      ),
      25, // by amount for LPG: floor(5 099 / 200)
    );
  });

  it('excluded categories earn nothing', () => {
    assert.equal(pointsFor({ category: 'lost-ticket', amountMinor: 10_000, at: 0 }, rules), 0);
    assert.equal(pointsFor({ category: 'tobacco', amountMinor: 10_000, at: 0 }, rules), 0);
  });

  it('campaigns multiply in their [from, to) range; the biggest applies, never stacked', () => {
    const fuel = (at: number, gradeId = 'e95') =>
      pointsFor({ category: 'fuel', amountMinor: 1, millilitres: 10_000, gradeId, at }, rules);
    assert.equal(fuel(10 * DAY - 1), 20);
    assert.equal(fuel(10 * DAY), 40);
    assert.equal(fuel(20 * DAY - 1), 40);
    assert.equal(fuel(20 * DAY), 20);
    // e100 in both campaigns: ×2 beats ×1.5 (30 → 60, not 90)
    assert.equal(fuel(13 * DAY, 'e100'), 60);
    // parking is not in the fuel campaign; the all-categories one covers it, rounding down
    assert.equal(pointsFor({ category: 'parking', amountMinor: 1_199, at: 15 * DAY }, rules), 11);
    assert.equal(pointsFor({ category: 'parking', amountMinor: 1_199, at: 30 * DAY }, rules), 16);
  });

  it('points are whole, never negative, and never more than the unrounded product', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom('e95', 'e100', 'lpg', 'diesel'),
        fc.integer({ min: 0, max: 40 * DAY }),
        (amountMinor, millilitres, gradeId, at) => {
          const p = pointsFor({ category: 'fuel', amountMinor, millilitres, gradeId, at }, rules);
          assert.ok(Number.isInteger(p) && p >= 0);
          assert.ok(p <= Math.max(millilitres * 3 * 2, amountMinor * 2) / 100);
        },
      ),
    );
  });
});

describe('the ledger rules', () => {
  it('a redemption is refused offline, for nothing, and beyond the balance', () => {
    assert.equal(redeemRefusal(100, 50, false), 'offline');
    assert.equal(redeemRefusal(100, 0, true), 'not-positive');
    assert.equal(redeemRefusal(100, 101, true), 'insufficient');
    assert.equal(redeemRefusal(100, 100, true), null);
  });

  it('reversals: a share of the refund, rounded up, adding up to the earn and never past it', () => {
    assert.equal(pointsToReverse(10, 1_000, 1_000, 0), 10);
    assert.equal(pointsToReverse(10, 1_000, 250, 0), 3); // ceil(2.5)
    assert.equal(pointsToReverse(10, 1_000, 500, 3), 2);
    assert.equal(pointsToReverse(10, 1_000, 1_000, 5), 5);
    assert.equal(pointsToReverse(10, 1_000, 2_000, 10), 0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 10 }),
        (earned, paid, refunds) => {
          let refunded = 0;
          let reversed = 0;
          for (const r of refunds) {
            refunded += r;
            reversed += pointsToReverse(earned, paid, refunded, reversed);
            assert.ok(reversed <= earned);
          }
          if (refunded >= paid) assert.equal(reversed, earned);
        },
      ),
    );
  });
});

describe('phone numbers', () => {
  it('normalises what people type to +digits, with the site’s calling code for national numbers', () => {
    const ro = callingCodeFor('ro-RO');
    assert.equal(ro, '40');
    assert.equal(normalisePhone('0722 123 456', ro), '+40722123456');
    assert.equal(normalisePhone('+40 (722) 123-456', ro), '+40722123456');
    assert.equal(normalisePhone('0040722123456', ro), '+40722123456');
    assert.equal(normalisePhone('0722123456', null), null);
    assert.equal(normalisePhone('12345', ro), null);
    assert.equal(normalisePhone('not a phone', ro), null);
    assert.equal(callingCodeFor('xx'), null);
  });
});
