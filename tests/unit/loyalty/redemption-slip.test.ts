/**
 * The redemption slip counts points in the receipt language's plural forms: "1 point" (not
 * "1 points"), and Romanian's one / few / "de" forms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFormat, translator, type Language } from '../../../src-shared';
import { buildRedemptionSlip } from '../../../src-main/services/redemption-slip';

function slip(language: Language, points: number) {
  const paper = {
    language,
    t: translator(language),
    format: createFormat({
      locale: language === 'ro' ? 'ro-RO' : 'en-GB',
      timeZone: 'UTC',
      currency: 'RON',
    }),
  };
  return buildRedemptionSlip('Station', paper, {
    id: 'R1',
    description: 'Coffee',
    points,
    memberName: 'Ana',
    balanceAfter: points,
    at: 0,
    operator: 'cashier',
  });
}

describe('redemption slip points', () => {
  it('says 1 point and 3 points in English', () => {
    assert.equal(slip('en', 1).lines[0]!.right, '1 point');
    assert.equal(slip('en', 3).lines[0]!.right, '3 points');
  });

  it('uses the Romanian plural forms', () => {
    assert.equal(slip('ro', 1).lines[0]!.right, '1 punct');
    assert.equal(slip('ro', 3).lines[0]!.right, '3 puncte');
    assert.equal(slip('ro', 20).lines[0]!.right, '20 de puncte');
  });
});
