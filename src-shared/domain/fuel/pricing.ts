/**
 * Fuel pricing, once: how a unit price, a volume and an amount are kept, and the one rule that
 * turns a volume at a unit price into an amount. Pure and integer-only (the multiplication is
 * done in BigInt), so the pump controller's simulator, the sale and the tests agree to the unit.
 *
 * Units
 * - Volume: integer **millilitres** (`Millilitres`). A dispenser indicates 0.01 l; a millilitre
 *   carries that and a controller that reports finer.
 * - Unit price: integer **thousandths of the minor unit per litre** (`UnitPrice`, "milli-minor
 *   per litre"). 6.789 RON/l = 678.9 bani/l = 678 900. Pump prices are quoted with more decimals
 *   than the currency has (6.789, 1.799); three more decimals than the minor unit carry any price
 *   quoted to five decimals of a two-decimal currency, with no float anywhere.
 * - Amount: integer minor units (`Minor`, ./money), as every other amount of the station.
 *
 * The rule: amount = volume × unit price, **rounded once, to the nearest minor unit, an exact
 * half rounding up** (volumes and prices are never negative, so "up" is "away from zero").
 *   amountMinor = round_half_up(millilitres × unitPrice / 1 000 000)
 * Why this one:
 * - On a forecourt the dispenser's price computer is part of the legally controlled measuring
 *   instrument (in the EU, MID 2014/32/EU annex MI-005, built on OIML R 117), and the console
 *   must charge what it shows. Inspectors check that shown amount against unit price × volume
 *   to the nearest minor unit (Measurement Canada's computed-price test, for one, says "the
 *   total price must agree to the nearest cent with the unit price displayed and the quantity
 *   delivered"). So: the nearest minor unit, not truncation (always up to a ban in the
 *   customer's favour) nor ceiling (always in the station's).
 * - An exact half (1 l at 6.785 RON/l is 678.5 bani) goes up, to 6.79 RON: the everyday
 *   commercial rounding a customer checks a receipt with. Rounding half to even is a banking
 *   and statistics convention; we know of no forecourt that uses it.
 * - A controller that disagrees is not silently overruled: the fuel-sale service refuses a
 *   delivery whose amount is not this rule applied to its volume and unit price.
 * - Applied once, to the final product: never to the unit price, never to an intermediate
 *   volume, and never by adding up rounded pieces. A delivery's running amounts (progress) are
 *   each this rule applied to the running volume, so the last one equals the delivery's amount.
 */
import type { Minor } from '../money';

/** An integer count of millilitres, at least 0. */
export type Millilitres = number;
/** An integer count of thousandths of the minor unit per litre, at least 0 (6.789 → 678 900). */
export type UnitPrice = number;

/** Thousandths of a minor unit in one minor unit. */
export const UNIT_PRICE_SCALE = 1000;
/** Millilitres in a litre. */
export const ML_PER_LITRE = 1000;
/** millilitres × unit price ÷ this = minor units (unrounded). */
const DIVISOR = BigInt(UNIT_PRICE_SCALE * ML_PER_LITRE);

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * The amount, in minor units, of `millilitres` at `unitPrice`: the station's one rounding rule
 * (see the top of this file). Throws RangeError for a negative or non-integer input, or an
 * amount beyond Number.MAX_SAFE_INTEGER.
 */
export function fuelAmount(millilitres: Millilitres, unitPrice: UnitPrice): Minor {
  checkCount(millilitres, 'millilitres');
  checkCount(unitPrice, 'unit price');
  const product = BigInt(millilitres) * BigInt(unitPrice);
  let minor = product / DIVISOR;
  // Half up: the remainder is at least half the divisor.
  if ((product % DIVISOR) * 2n >= DIVISOR) minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${millilitres} ml at ${unitPrice} is beyond a safe amount`);
  }
  return Number(minor);
}

/**
 * The most millilitres whose amount (by fuelAmount) is at most `amountMinor`: where a dispenser
 * authorised for a preset amount stops. Above 10 minor units a litre not every amount is
 * reachable (a millilitre costs more than one minor unit), so the amount at that volume can be
 * a little under the preset, never over. Throws RangeError for a unit price of 0 (no preset
 * could stop it) or a bad input.
 */
export function millilitresForAmount(amountMinor: Minor, unitPrice: UnitPrice): Millilitres {
  checkCount(amountMinor, 'amount');
  checkCount(unitPrice, 'unit price');
  if (unitPrice === 0) throw new RangeError('a free grade has no volume for an amount');
  // fuelAmount(ml) <= A  ⇔  ml·p / D < A + ½  ⇔  2·ml·p < (2A + 1)·D  ⇔  ml·p <= ((2A+1)·D − 1) / 2
  const limit = ((2n * BigInt(amountMinor) + 1n) * DIVISOR - 1n) / 2n;
  const ml = limit / BigInt(unitPrice);
  return ml > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(ml);
}

/**
 * Parses a unit price as people write it ("6.789", "6,789", "7") in a currency with
 * `minorDigits` decimals, into thousandths of the minor unit, without floats. At most
 * minorDigits + 3 decimals; null for anything else.
 */
export function parseUnitPrice(text: string, minorDigits = 2): UnitPrice | null {
  const decimals = minorDigits + 3;
  const m = new RegExp(`^\\s*(\\d{1,6})(?:[.,](\\d{1,${decimals}}))?\\s*$`).exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(decimals, '0');
  return Number(m[1]) * 10 ** decimals + Number(frac || '0');
}

/**
 * A unit price as people read it, in major units with the decimals it needs: at least the
 * currency's, at most three more (678 900 → "6.789", 679 000 → "6.79", 700 000 → "7.00").
 */
export function formatUnitPrice(unitPrice: UnitPrice, minorDigits = 2): string {
  checkCount(unitPrice, 'unit price');
  const decimals = minorDigits + 3;
  const factor = 10 ** decimals;
  const whole = Math.floor(unitPrice / factor);
  let frac = String(unitPrice % factor).padStart(decimals, '0');
  while (frac.length > minorDigits && frac.endsWith('0')) frac = frac.slice(0, -1);
  return frac.length > 0 ? `${whole}.${frac}` : String(whole);
}

/** Millilitres as litres, with two decimals or three where the third is not 0 (40 120 → "40.12"). */
export function formatLitres(millilitres: Millilitres): string {
  checkCount(millilitres, 'millilitres');
  const whole = Math.floor(millilitres / ML_PER_LITRE);
  let frac = String(millilitres % ML_PER_LITRE).padStart(3, '0');
  if (frac.endsWith('0')) frac = frac.slice(0, 2);
  return `${whole}.${frac}`;
}
