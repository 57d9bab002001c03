/**
 * The fuel amount rule: millilitres × unit price, rounded once to the nearest minor unit, an
 * exact half up. Checked against a second, independent formula on random inputs, at the edges
 * (0 ml, a free grade, exact halves and one below them, volumes far past any tank) and through
 * the preset inverse a dispenser stops at.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  findGrade,
  formatLitres,
  formatUnitPrice,
  fuelAmount,
  millilitresForAmount,
  parseUnitPrice,
} from '../../../src-shared/domain/fuel';

const D = 1_000_000n;
/** round_half_up(ml·p / D), written another way: floor((2·ml·p + D) / 2D). */
const reference = (ml: number, p: number) => Number((2n * BigInt(ml) * BigInt(p) + D) / (2n * D));

const volume = fc.integer({ min: 0, max: 2_000_000 }); // up to 2,000 l (a truck's tanks)
const price = fc.integer({ min: 0, max: 99_999_999 }); // up to 999.99999 a litre

describe('fuel amount', () => {
  it('is the nearest minor unit, exact halves up (against an independent formula)', () => {
    fc.assert(
      fc.property(volume, price, (ml, p) => {
        assert.equal(fuelAmount(ml, p), reference(ml, p));
      }),
      { numRuns: 5000 },
    );
  });

  it('is within half a minor unit of the exact product, and never below it by a half', () => {
    fc.assert(
      fc.property(volume, price, (ml, p) => {
        const exact2 = 2n * BigInt(ml) * BigInt(p); // 2·exact·D
        const amount2 = 2n * BigInt(fuelAmount(ml, p)) * D;
        assert.ok(amount2 - exact2 <= D, 'at most half above');
        assert.ok(exact2 - amount2 < D, 'less than half below');
      }),
    );
  });

  it('grows with the volume and with the price', () => {
    fc.assert(
      fc.property(volume, volume, price, (a, b, p) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(fuelAmount(lo, p) <= fuelAmount(hi, p));
      }),
    );
    fc.assert(
      fc.property(volume, price, price, (ml, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(fuelAmount(ml, lo) <= fuelAmount(ml, hi));
      }),
    );
  });

  it('worked examples at 6.789 RON/l', () => {
    const p = parseUnitPrice('6.789')!;
    assert.equal(p, 678_900);
    assert.equal(fuelAmount(1000, p), 679); // 678.9 bani
    assert.equal(fuelAmount(40_000, p), 27_156); // 271.56 RON exactly
    assert.equal(fuelAmount(40_123, p), 27_240); // 272.395047 → 272.40
    assert.equal(fuelAmount(1, p), 1); // 0.6789 bani → 1
    assert.equal(fuelAmount(737, p), 500); // 500.3493 → 500
    assert.equal(fuelAmount(736, p), 500); // 499.6704 → 500
    assert.equal(fuelAmount(735, p), 499); // 498.9915 → 499
  });

  it('0 ml and a free grade cost nothing', () => {
    assert.equal(fuelAmount(0, 678_900), 0);
    assert.equal(fuelAmount(0, 0), 0);
    assert.equal(fuelAmount(123_456, 0), 0);
    // Less than half a ban is nothing; half a ban is one.
    assert.equal(fuelAmount(1, 499), 0); // 0.000499 bani
    assert.equal(fuelAmount(1, 500_000), 1); // 0.5 ban: a half, up
    assert.equal(fuelAmount(1, 499_999), 0);
  });

  it('exact halves round up; one below a half rounds down', () => {
    assert.equal(fuelAmount(1000, 678_500), 679); // 1 l at 6.785 = 678.5 bani
    assert.equal(fuelAmount(1000, 678_499), 678); // 678.499
    assert.equal(fuelAmount(500, 1_001_000), 501); // 500.5
    assert.equal(fuelAmount(2, 250_000), 1); // 0.5
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (k) => {
        // ml = 1000 (a litre), p = k·1000 + 500: every amount is k + ½ exactly.
        assert.equal(fuelAmount(1000, k * 1000 + 500), k + 1);
        assert.equal(fuelAmount(1000, k * 1000 + 499), k);
      }),
    );
  });

  it('huge volumes stay exact (no float), and an amount beyond safe integers is refused', () => {
    // 1,000,000 l at 999.99999 a litre: 99,999,999,000 bani, exactly.
    assert.equal(fuelAmount(1_000_000_000, 99_999_999), 99_999_999_000);
    // A product past 2^53 that floats would get wrong: (2^53 − 1) ml at 0.001 ban/l.
    assert.equal(fuelAmount(Number.MAX_SAFE_INTEGER, 1), 9_007_199_255);
    assert.equal(fuelAmount(Number.MAX_SAFE_INTEGER, 1_000_000), Number.MAX_SAFE_INTEGER);
    assert.throws(() => fuelAmount(Number.MAX_SAFE_INTEGER, 1_000_001), RangeError);
  });

  it('refuses negative, fractional and unsafe inputs', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(() => fuelAmount(bad, 678_900), RangeError, `ml ${bad}`);
      assert.throws(() => fuelAmount(1000, bad), RangeError, `price ${bad}`);
    }
  });
});

describe('the volume a preset amount stops at', () => {
  it('is the most millilitres whose amount is at most the preset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        (amount, p) => {
          const ml = millilitresForAmount(amount, p);
          assert.ok(fuelAmount(ml, p) <= amount, 'not over the preset');
          assert.ok(fuelAmount(ml + 1, p) > amount, 'one more millilitre would be');
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reaches the preset exactly when a millilitre costs less than a minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 999_999 }),
        (amount, p) => {
          assert.equal(fuelAmount(millilitresForAmount(amount, p), p), amount);
        },
      ),
    );
    // 100 RON at 6.789: 14,730 ml (× 0.6789 = 10,000.197 → 10,000 bani; 14,731 → 10,000.88).
    assert.equal(millilitresForAmount(10_000, 678_900), 14_730);
    assert.equal(fuelAmount(14_730, 678_900), 10_000);
    assert.equal(fuelAmount(14_731, 678_900), 10_001);
  });

  it('stays under when a millilitre costs more than a minor unit', () => {
    // 2,500 minor a litre (25.00 a litre) = 2.5 minor a millilitre: 1 minor is not reachable.
    assert.equal(millilitresForAmount(1, 2_500_000), 0);
    assert.equal(millilitresForAmount(3, 2_500_000), 1); // 2.5 → 3
    assert.equal(millilitresForAmount(4, 2_500_000), 1); // the next millilitre is 5
  });

  it('a zero preset is no fuel, and a free grade has no stop', () => {
    assert.equal(millilitresForAmount(0, 678_900), 0);
    assert.throws(() => millilitresForAmount(100, 0), RangeError);
  });
});

describe('writing prices and volumes', () => {
  it('parses what people write, without floats', () => {
    assert.equal(parseUnitPrice('6.789'), 678_900);
    assert.equal(parseUnitPrice('6,789'), 678_900);
    assert.equal(parseUnitPrice('7'), 700_000);
    assert.equal(parseUnitPrice('7.1'), 710_000);
    assert.equal(parseUnitPrice('0.00001'), 1);
    assert.equal(parseUnitPrice('1.234', 0), 1234); // three decimals past a 0-decimal unit
    assert.equal(parseUnitPrice('1.2345', 0), null);
    for (const bad of ['', '-1', '6.789012', 'abc', '1e3', '6.7.8', ' . ']) {
      assert.equal(parseUnitPrice(bad), null, bad);
    }
  });

  it('formats with the decimals a price needs, and round-trips', () => {
    assert.equal(formatUnitPrice(678_900), '6.789');
    assert.equal(formatUnitPrice(679_000), '6.79');
    assert.equal(formatUnitPrice(700_000), '7.00');
    assert.equal(formatUnitPrice(1), '0.00001');
    assert.equal(formatUnitPrice(1234, 0), '1.234');
    assert.equal(formatUnitPrice(1000, 0), '1');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (p) => {
        assert.equal(parseUnitPrice(formatUnitPrice(p)), p);
      }),
    );
  });

  it('formats litres with two decimals, three where the millilitres need it', () => {
    assert.equal(formatLitres(0), '0.00');
    assert.equal(formatLitres(40_120), '40.12');
    assert.equal(formatLitres(40_123), '40.123');
    assert.equal(formatLitres(5), '0.005');
    assert.equal(formatLitres(1_000_000_000), '1000000.00');
  });

  it('finds a grade by id', () => {
    const grades = [
      { id: 'diesel', name: 'Diesel', unitPrice: 712_900 },
      { id: 'e95', name: 'Benzina 95', unitPrice: 678_900 },
    ];
    assert.equal(findGrade(grades, 'e95')?.name, 'Benzina 95');
    assert.equal(findGrade(grades, 'lpg'), null);
  });
});
