import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countTotal, denominationsFor } from '../../src-shared/domain/denominations';
import {
  cashVariance,
  shiftTotals,
  varianceNeedsManager,
  type ShiftEntry,
} from '../../src-shared/domain/shift';

const DENOMS = denominationsFor('RON');

/** The drawer as a cashier's hands know it: how many of each note and coin lie in it. */
type Drawer = Map<number, number>;

const drawerTotal = (d: Drawer) => [...d].reduce((sum, [denom, n]) => sum + denom * n, 0);

function put(d: Drawer, pieces: number[]): void {
  for (const p of pieces) d.set(p, (d.get(p) ?? 0) + 1);
}

/** Takes `amount` out of the drawer in pieces, largest first; null (drawer untouched) if it can't. */
function take(d: Drawer, amount: number): number[] | null {
  const taken: number[] = [];
  let left = amount;
  for (const denom of DENOMS) {
    while (left >= denom && (d.get(denom) ?? 0) > 0) {
      d.set(denom, d.get(denom)! - 1);
      taken.push(denom);
      left -= denom;
    }
  }
  if (left === 0) return taken;
  put(d, taken);
  return null;
}

type Op =
  | { op: 'cash-sale'; due: number; handed: number[] }
  | { op: 'other-sale'; tender: 'card' | 'qr'; due: number }
  | { op: 'split-sale'; cashPart: number; handed: number[]; cardPart: number }
  | { op: 'pay-in'; pieces: number[] }
  | { op: 'pay-out' | 'drop'; amount: number }
  | { op: 'void' | 'refund'; pick: number }
  | { op: 'waiver'; fee: number };

const pieceArb = fc.constantFrom(...DENOMS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('cash-sale' as const),
    due: fc.integer({ min: 1, max: 30_000 }),
    handed: fc.array(pieceArb, { minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    op: fc.constant('other-sale' as const),
    tender: fc.constantFrom('card' as const, 'qr' as const),
    due: fc.integer({ min: 1, max: 30_000 }),
  }),
  fc.record({
    op: fc.constant('split-sale' as const),
    cashPart: fc.integer({ min: 1, max: 10_000 }),
    handed: fc.array(pieceArb, { minLength: 1, maxLength: 4 }),
    cardPart: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({ op: fc.constant('pay-in' as const), pieces: fc.array(pieceArb, { maxLength: 5 }) }),
  fc.record({
    op: fc.constantFrom('pay-out' as const, 'drop' as const),
    amount: fc.integer({ min: 1, max: 50_000 }),
  }),
  fc.record({ op: fc.constantFrom('void' as const, 'refund' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('waiver' as const), fee: fc.integer({ min: 1, max: 30_000 }) }),
);

/**
 * Plays a random shift on a physical drawer (pieces in, pieces out; a sale the drawer can't
 * make change for doesn't happen) and writes the entries a booth would. Returns both.
 */
function playShift(float: number[], ops: Op[]) {
  const drawer: Drawer = new Map();
  put(drawer, float);
  const entries: ShiftEntry[] = [];
  const sales: ShiftEntry[] = [];
  let receipt = 100;
  for (const o of ops) {
    const entry = (e: Partial<ShiftEntry> & Pick<ShiftEntry, 'kind' | 'amountMinor'>) => {
      const full = {
        tender: 'cash' as const,
        tenderedMinor: 0,
        changeMinor: 0,
        receiptSeq: null,
        ...e,
      };
      entries.push(full);
      return full;
    };
    switch (o.op) {
      case 'cash-sale': {
        const handed = o.handed.reduce((a, b) => a + b, 0);
        if (handed < o.due) break; // the customer must hand over enough
        put(drawer, o.handed);
        const change = handed - o.due;
        if (take(drawer, change) === null) {
          for (const p of o.handed) drawer.set(p, drawer.get(p)! - 1); // no change: notes go back
          break;
        }
        receipt += 1;
        sales.push(
          entry({
            kind: 'sale',
            amountMinor: o.due,
            tenderedMinor: handed,
            changeMinor: change,
            receiptSeq: receipt,
          }),
        );
        break;
      }
      case 'split-sale': {
        // One payment, one receipt: the cash part over the counter, the rest on the card.
        const handed = o.handed.reduce((a, b) => a + b, 0);
        if (handed < o.cashPart) break;
        put(drawer, o.handed);
        if (take(drawer, handed - o.cashPart) === null) {
          for (const p of o.handed) drawer.set(p, drawer.get(p)! - 1);
          break;
        }
        receipt += 1;
        sales.push(
          entry({
            kind: 'sale',
            amountMinor: o.cashPart,
            tenderedMinor: handed,
            changeMinor: handed - o.cashPart,
            receiptSeq: receipt,
          }),
        );
        entry({
          kind: 'sale',
          tender: 'card',
          amountMinor: o.cardPart,
          tenderedMinor: o.cardPart,
          receiptSeq: receipt,
        });
        break;
      }
      case 'other-sale':
        receipt += 1;
        sales.push(
          entry({
            kind: 'sale',
            tender: o.tender,
            amountMinor: o.due,
            tenderedMinor: o.due,
            receiptSeq: receipt,
          }),
        );
        break;
      case 'waiver':
        // A nil payment: a receipt, nothing in or out of the drawer.
        receipt += 1;
        entry({ kind: 'waiver', tender: 'none', amountMinor: o.fee, receiptSeq: receipt });
        break;
      case 'pay-in':
        if (o.pieces.length === 0) break;
        put(drawer, o.pieces);
        entry({ kind: 'pay-in', amountMinor: o.pieces.reduce((a, b) => a + b, 0) });
        break;
      case 'pay-out':
      case 'drop':
        if (take(drawer, o.amount) !== null) entry({ kind: o.op, amountMinor: o.amount });
        break;
      case 'void':
      case 'refund': {
        if (sales.length === 0) break;
        const sale = sales.splice(o.pick % sales.length, 1)[0]!;
        if (sale.tender === 'cash' && take(drawer, sale.amountMinor) === null) {
          sales.push(sale);
          break;
        }
        entry({ kind: o.op, tender: sale.tender, amountMinor: sale.amountMinor });
        break;
      }
    }
  }
  return { drawer, entries };
}

const floatArb = fc.array(pieceArb, { maxLength: 30 });
const shiftArb = fc.tuple(floatArb, fc.array(opArb, { maxLength: 60 }));

describe('shift reconciliation', () => {
  it('expects exactly the cash a physical drawer holds after any shift', () => {
    fc.assert(
      fc.property(shiftArb, ([float, ops]) => {
        const { drawer, entries } = playShift(float, ops);
        const floatMinor = float.reduce((a, b) => a + b, 0);
        const t = shiftTotals(floatMinor, entries);
        assert.equal(t.expectedCashMinor, drawerTotal(drawer));
        // The Z report's equation, term by term.
        assert.equal(
          t.expectedCashMinor,
          t.floatMinor +
            t.cashTenderedMinor -
            t.changeMinor -
            t.payOutsMinor -
            t.dropsMinor +
            t.payInsMinor -
            t.cashReturnedMinor,
        );
        // A count of that drawer balances to the cent.
        const count = [...drawer].map(([denominationMinor, pieces]) => ({
          denominationMinor,
          pieces,
        }));
        assert.equal(cashVariance(countTotal(count), t.expectedCashMinor), 0);
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  it('splits sales by tender without losing or inventing any, in any order', () => {
    fc.assert(
      fc.property(shiftArb, fc.nat(), ([float, ops], shuffleSeed) => {
        const { entries } = playShift(float, ops);
        const floatMinor = float.reduce((a, b) => a + b, 0);
        const t = shiftTotals(floatMinor, entries);
        const tenders = Object.values(t.byTender);
        assert.equal(
          tenders.reduce((s, x) => s + x.amountMinor, 0),
          t.sales.amountMinor,
        );
        const receipts = new Set(entries.flatMap((e) => (e.kind === 'sale' ? [e.receiptSeq] : [])));
        assert.equal(t.sales.count, receipts.size, 'a split is one payment');
        assert.ok(tenders.reduce((s, x) => s + x.count, 0) >= t.sales.count);
        // Waivers take receipts too: the range covers every receipt the shift took.
        const saleSeqs = entries.flatMap((e) =>
          (e.kind === 'sale' || e.kind === 'waiver') && e.receiptSeq !== null ? [e.receiptSeq] : [],
        );
        const waived = entries.filter((e) => e.kind === 'waiver');
        assert.equal(t.waivers.count, waived.length);
        assert.equal(
          t.waivers.amountMinor,
          waived.reduce((s, e) => s + e.amountMinor, 0),
        );
        assert.deepEqual(
          t.receiptRange,
          saleSeqs.length ? { first: Math.min(...saleSeqs), last: Math.max(...saleSeqs) } : null,
        );
        // Order of entries never matters.
        const shuffled = [...entries].sort(
          (a, b) =>
            ((entries.indexOf(a) * 7919 + shuffleSeed) % 101) -
            ((entries.indexOf(b) * 7919 + shuffleSeed) % 101),
        );
        assert.deepEqual(shiftTotals(floatMinor, shuffled), t);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('asks for a manager exactly when the difference passes the threshold, either way', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.nat(5_000),
        (variance, threshold) => {
          const needs = varianceNeedsManager(variance, threshold);
          assert.equal(needs, variance > threshold || variance < -threshold);
        },
      ),
      { numRuns: 500, seed: 3 },
    );
    assert.equal(varianceNeedsManager(500, 500), false, 'on the threshold is still fine');
    assert.equal(varianceNeedsManager(-501, 500), true, 'a short counts as much as an over');
  });
});
