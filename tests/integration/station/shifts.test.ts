import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { DrawerView } from '../../../src-shared';
import { prng } from '../../support/random';
import { demoPin, requestKey, startHarness, type Harness } from '../../support/station-harness';

/**
 * The cash drawer's shift on a real station (SQLite file, simulated printer on a pty): no money
 * without an open shift, a blind count, X and Z reports that reconcile to the cent, a break
 * that shuts the drawer, and a difference beyond the threshold that only a manager accepts.
 */
describe('the cash drawer shift (real station)', () => {
  let h: Harness;
  let db: Database.Database;
  let plateNo = 0;
  /** Every receipt the simulated printer decoded, as text. */
  const printed: string[] = [];
  /**
   * The printed report with this id, once the printer simulator has decoded it (it decodes
   * after the job returns, and sales' receipts print in between): a bounded wait, not a timing
   * test.
   */
  async function paperOf(reportId: number): Promise<string> {
    for (let i = 0; i < 2000; i++) {
      const found = printed.find((text) => text.includes(`Report ${reportId},`));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`report ${reportId} was not printed`);
  }

  before(async () => {
    h = await startHarness({ shifts: { varianceThresholdMinor: 500 } }, { openShift: false });
    await h.signIn('cashier');
    await h.signIn('manager', 'manager-console');
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    h.station.devices.simulated!.printerSimulator.onReceipt((r) =>
      printed.push(r.textLines.join('\n')),
    );
  });
  after(async () => {
    db.close();
    await h.stop();
  });

  const journalTypes = (prefix: string) =>
    (
      db.prepare(`SELECT type FROM journal WHERE type LIKE ? ORDER BY seq`).all(`${prefix}%`) as {
        type: string;
      }[]
    ).map((r) => r.type);

  /** A car parks `minutes` and pays cash, handing over `extraMinor` more than due. */
  async function sale(extraMinor = 0, minutes = 40) {
    const plate = `SH${String(++plateNo).padStart(4, '0')}`;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(minutes);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor + extraMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    // The cashier is at the console all along (hours pass on the fee clock).
    await h.call('operator:activity', {});
    return paid.payment;
  }

  async function refusedWith(promise: Promise<unknown>, code: string, message?: RegExp) {
    await assert.rejects(promise, (err: Error) => {
      assert.match(err.message, new RegExp(`^${code}: `));
      if (message) assert.match(err.message, message);
      return true;
    });
  }

  it('takes no payment before a shift is open, and opens with a counted float', async () => {
    const plate = 'NOSHIFT1';
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(30);
    const quote = await h.call('sessions:quote', { sessionId });
    await refusedWith(
      h.call('payments:cash', {
        sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      }),
      'CONFLICT',
      /No shift is open/,
    );
    assert.equal(
      (db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n,
      0,
      'nothing taken',
    );
    await h.call('lot:markPaid', { sessionId, reason: 'test car leaves' }, 'manager-console');
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate });

    await refusedWith(
      h.call('shifts:open', { count: [{ denominationMinor: 300, pieces: 1 }] }),
      'INVALID_PAYLOAD',
      /not a RON note or coin/,
    );
    await refusedWith(
      h.call('shifts:open', {
        count: [
          { denominationMinor: 1000, pieces: 1 },
          { denominationMinor: 1000, pieces: 2 },
        ],
      }),
      'INVALID_PAYLOAD',
      /on two lines/,
    );
    await refusedWith(
      h.call('shifts:open', { count: [{ denominationMinor: 1000, pieces: -1 }] }),
      'INVALID_PAYLOAD',
    );
    const drawer = await h.call('shifts:open', {
      count: [
        { denominationMinor: 5000, pieces: 2 }, // 2 × 50 lei
        { denominationMinor: 1000, pieces: 5 }, // 5 × 10 lei
        { denominationMinor: 100, pieces: 20 }, // 20 × 1 leu
      ],
    });
    assert.equal(drawer.shift?.state, 'open');
    assert.equal(drawer.shift?.floatMinor, 17_000);
    assert.equal(drawer.shift?.expectedMinor, null, 'blind: nothing of the expected cash');
    await refusedWith(h.call('shifts:open', { count: [] }), 'CONFLICT', /already open/);
    assert.deepEqual(journalTypes('shift.'), ['shift.opened']);
  });

  it('reconciles sales, change, pay-ins, pay-outs and drops to the cent in X and Z', async () => {
    const a = await sale(0);
    const b = await sale(1_000); // 10 lei over: change given
    await h.call('shifts:moveCash', {
      kind: 'pay-in',
      amountMinor: 2_000,
      reference: 'SLIP-1',
      reason: 'change top-up',
    });
    await h.call('shifts:moveCash', {
      kind: 'pay-out',
      amountMinor: 1_500,
      reference: 'INV-7',
      reason: 'window cleaner',
    });
    await h.call('shifts:moveCash', {
      kind: 'drop',
      amountMinor: 5_000,
      reference: 'BAG-3',
      reason: 'safe drop',
    });
    await refusedWith(
      h.call('shifts:moveCash', {
        kind: 'drop',
        amountMinor: 10_000_000,
        reference: 'BAG-4',
        reason: 'too much',
      }),
      'CONFLICT',
      /does not hold that much/,
    );
    const expected = 17_000 + a.amountMinor + b.amountMinor + 2_000 - 1_500 - 5_000;

    const x = await h.call('shifts:xReport', {});
    assert.equal(x.kind, 'X');
    assert.equal(x.totals.expectedCashMinor, expected);
    assert.equal(x.totals.sales.count, 2);
    assert.equal(x.totals.byTender.cash.amountMinor, a.amountMinor + b.amountMinor);
    assert.equal(x.totals.changeMinor, 1_000);
    assert.equal(x.totals.cashTenderedMinor, a.tenderedMinor + b.tenderedMinor);
    assert.deepEqual(x.totals.receiptRange, {
      first: Number(a.receiptNumber.replace(/\D/g, '')),
      last: Number(b.receiptNumber.replace(/\D/g, '')),
    });
    assert.equal(x.printState, 'printed', x.printDetail);
    const xPaper = await paperOf(x.id);
    assert.match(xPaper, /X report: shift so far/);
    assert.match(xPaper, /EXPECTED CASH/);
    assert.equal((await h.call('shifts:drawer', {})).shift?.state, 'open', 'X closes nothing');

    // The exact count: the Z report closes the shift at once.
    const closed = await h.call('shifts:close', {
      count: [
        { denominationMinor: 1, pieces: expected }, // counted in bani, to the cent
      ],
    });
    assert.ok(closed.report, 'within the threshold: the Z report comes at once');
    assert.equal(closed.report.kind, 'Z');
    assert.equal(closed.report.countedMinor, expected);
    assert.equal(closed.report.varianceMinor, 0);
    assert.equal(closed.report.totals.expectedCashMinor, expected);
    assert.equal(closed.drawer.shift, null, 'no shift open after Z');
    assert.match(await paperOf(closed.report.id), /Z report: shift closed/);
    assert.deepEqual(journalTypes('shift.'), [
      'shift.opened',
      'shift.cashMoved',
      'shift.cashMoved',
      'shift.cashMoved',
      'shift.xReported',
      'shift.counted',
      'shift.closed',
    ]);
    const taken = db
      .prepare(`SELECT payload_json FROM journal WHERE type = 'payment.taken' ORDER BY seq`)
      .all() as { payload_json: string }[];
    const shiftId = (JSON.parse(taken[0]!.payload_json) as { shiftId: string }).shiftId;
    assert.ok(
      taken.every((t) => (JSON.parse(t.payload_json) as { shiftId: string }).shiftId === shiftId),
    );
    await refusedWith(h.call('shifts:xReport', {}), 'CONFLICT', /No shift is open/);
  });

  it('shuts the drawer for a break and locks the console until the PIN', async () => {
    await h.call('shifts:open', { count: [] });
    await h.call('shifts:pause', {});
    const status = await h.call('station:status', {});
    assert.equal(status.session?.locked, true, 'a break locks the console');
    await refusedWith(h.call('shifts:resume', {}), 'SESSION_LOCKED');
    await h.call('operator:unlock', { pin: demoPin('cashier') });
    const plate = 'BREAK01';
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(30);
    const quote = await h.call('sessions:quote', { sessionId });
    const pay = {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    await refusedWith(h.call('payments:cash', pay), 'CONFLICT', /on a break/);
    await h.call('shifts:resume', {});
    const paid = await h.call('payments:cash', { ...pay, idempotencyKey: requestKey() });
    assert.equal(paid.payment.amountMinor, quote.dueMinor);
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
  });

  it('holds a count beyond the threshold for a manager, who closes it with a reason', async () => {
    const before: DrawerView = await h.call('shifts:drawer', {});
    assert.equal(before.shift?.state, 'open');
    await h.call('shifts:moveCash', {
      kind: 'pay-in',
      amountMinor: 10_000,
      reference: 'SLIP-2',
      reason: 'change for the evening',
    });
    const xBefore = await h.call('shifts:xReport', {});
    const expected = xBefore.totals.expectedCashMinor;
    // 6 lei short: beyond the 5 lei threshold.
    const counted = await h.call('shifts:close', {
      count: [{ denominationMinor: 1, pieces: expected - 600 }],
    });
    assert.equal(counted.report, null, 'no Z report yet');
    assert.equal(counted.drawer.shift?.state, 'counted');
    assert.equal(counted.drawer.shift?.varianceMinor, -600);
    assert.equal(counted.drawer.shift?.needsManager, true);
    await refusedWith(h.call('shifts:close', { count: [] }), 'CONFLICT', /already counted/);
    await refusedWith(h.call('shifts:acceptVariance', { reason: 'miscount' }), 'NOT_ALLOWED');
    await refusedWith(
      h.call('payments:cash', {
        sessionId: 'S-none',
        tenderedMinor: 100,
        expectedDueMinor: 100,
        idempotencyKey: requestKey(),
      }),
      'NOT_FOUND',
    );

    await h.call('operator:elevate', {
      name: 'manager',
      pin: demoPin('manager'),
      channel: 'shifts:acceptVariance',
    });
    const z = await h.call('shifts:acceptVariance', { reason: 'coin roll miscounted' });
    assert.equal(z.kind, 'Z');
    assert.equal(z.varianceMinor, -600);
    assert.equal(z.approvedBy, 'manager');
    assert.equal(z.varianceReason, 'coin roll miscounted');
    assert.match(await paperOf(z.id), /Difference accepted by manager/);
    const closedEvent = db
      .prepare(
        `SELECT actor, payload_json FROM journal WHERE type = 'shift.closed' ORDER BY seq DESC`,
      )
      .get() as { actor: string; payload_json: string };
    assert.equal(closedEvent.actor, 'manager');
    assert.equal(JSON.parse(closedEvent.payload_json).reason, 'coin roll miscounted');
    const elevated = db
      .prepare(
        `SELECT payload_json FROM journal WHERE type = 'operator.elevated' ORDER BY seq DESC`,
      )
      .get() as { payload_json: string };
    assert.equal(JSON.parse(elevated.payload_json).channel, 'shifts:acceptVariance');
    assert.equal((await h.call('shifts:drawer', {})).shift, null);
  });

  it('reconciles random shifts on the station to the cent', async () => {
    const next = prng(20261127);
    const random = { int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
    for (let round = 0; round < 3; round++) {
      const float = random.int(0, 20) * 1000;
      await h.call('shifts:open', {
        count: float ? [{ denominationMinor: 1000, pieces: float / 1000 }] : [],
      });
      let model = float;
      for (let step = 0; step < 8; step++) {
        const pick = random.int(0, 3);
        if (pick <= 1) {
          const p = await sale(random.int(0, 3) * 500, random.int(20, 300));
          model += p.amountMinor;
        } else {
          const kind = (['pay-in', 'pay-out', 'drop'] as const)[random.int(0, 2)]!;
          const amountMinor = random.int(1, 40) * 100;
          if (kind !== 'pay-in' && amountMinor > model) continue;
          await h.call('shifts:moveCash', {
            kind,
            amountMinor,
            reference: `R${step}`,
            reason: 'random',
          });
          model += kind === 'pay-in' ? amountMinor : -amountMinor;
        }
      }
      const closed = await h.call('shifts:close', {
        count: [{ denominationMinor: 1, pieces: model }],
      });
      assert.ok(closed.report, `round ${round}: balanced, so closed at once`);
      assert.equal(closed.report.totals.expectedCashMinor, model, `round ${round}`);
      assert.equal(closed.report.varianceMinor, 0);
    }
  });
});
