/** The rule by which a payment made in the operator's app settles a fuel sale (issue 10). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuelAppCover, type AppPayment } from '../../../src-shared/domain/app-payments';

const sale = { amountMinor: 3_395, currency: 'RON', deliveredAt: 1_000_000 };
const paid = (over: Partial<AppPayment>): AppPayment => ({
  id: 'a1',
  plate: 'BR07AAC',
  purpose: 'fuel',
  amountMinor: 5_000,
  currency: 'RON',
  paidAt: 990_000,
  validUntil: 1_300_000,
  reference: 'APP-1',
  ...over,
});

describe('fuelAppCover', () => {
  it('covers with a fuel payment, in the currency, for at least the amount, standing now', () => {
    assert.equal(fuelAppCover([paid({})], sale, 1_200_000).kind, 'covers');
    assert.equal(fuelAppCover([paid({ amountMinor: 3_395 })], sale, 1_200_000).kind, 'covers');
  });

  it('takes the one that runs out first', () => {
    const cover = fuelAppCover(
      [paid({ id: 'late', validUntil: 1_900_000 }), paid({ id: 'soon', validUntil: 1_250_000 })],
      sale,
      1_200_000,
    );
    assert.equal(cover.kind === 'covers' && cover.payment.id, 'soon');
  });

  it('is expired when the payment lapsed after the delivery but before it settled the sale', () => {
    assert.deepEqual(fuelAppCover([paid({})], sale, 1_300_001).kind, 'expired');
  });

  it('is none for parking, another currency, too little, or a payment over before the delivery', () => {
    for (const p of [
      paid({ purpose: 'parking' }),
      paid({ currency: 'EUR' }),
      paid({ amountMinor: 3_394 }),
      paid({ validUntil: 999_999 }),
    ]) {
      assert.equal(fuelAppCover([p], sale, 1_200_000).kind, 'none', JSON.stringify(p));
    }
    assert.equal(fuelAppCover([], sale, 1_200_000).kind, 'none');
  });
});
