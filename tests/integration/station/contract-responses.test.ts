/**
 * Every channel, called on a real station, answers with the shape its contract declares. The
 * dispatcher checks each answer against the channel's response schema (an answer outside it
 * becomes INTERNAL); this walks all of them and checks again here, so a channel added without a
 * case below fails too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { channels, type ChannelName, type IpcResult } from '../../../src-shared';
import {
  demoPin,
  requestKey,
  startHarness,
  testTariff,
  type Harness,
} from '../../support/station-harness';

describe('every answer matches its declared shape', () => {
  let h: Harness;
  const answered = new Map<ChannelName, IpcResult<unknown>>();
  const call = async (channel: ChannelName, payload: unknown) => {
    const result = await h.raw(channel, payload, 'contract');
    answered.set(channel, result);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };

  before(async () => {
    h = await startHarness();
    await call('station:status', {});
    // The demo has operators already: the first-run channel answers CONFLICT.
    await call('setup:firstManager', { name: 'first', pin: '602911' }).catch(() => undefined);
    await call('operator:signIn', { name: 'manager', pin: demoPin('manager') });
    await call('operator:activity', {});
    await call('shifts:drawer', {});
    await call('shifts:open', { count: [{ denominationMinor: 1000, pieces: 10 }] });
    await call('lanes:list', {});
    const entered: { sessionId: string } = await call('lanes:manualRead', {
      laneId: 'entry-1',
      plate: 'CT01RCT',
    });
    await call('lanes:trigger', { laneId: 'entry-1' }).catch(() => undefined);
    await call('lanes:openGate', { laneId: 'exit-1', reason: 'contract walk' });
    await call('lanes:setRoi', { laneId: 'exit-1', roi: { x: 0.1, y: 0.2, w: 0.8, h: 0.7 } });
    await call('lanes:setRoi', { laneId: 'exit-1', roi: null });
    h.clock.advanceMinutes(40);
    await call('operator:unlock', { pin: demoPin('manager') });
    await call('sessions:search', { query: 'CT01RCT', scope: 'all' });
    await call('sessions:get', { sessionId: entered.sessionId });
    const quote: { dueMinor: number } = await call('sessions:quote', {
      sessionId: entered.sessionId,
    });
    const paid: { receipt: { id: string }; session: { entryPhotoId: string | null } } = await call(
      'payments:cash',
      {
        sessionId: entered.sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      },
    );
    // QR payments need the operator's server, which this station has none of: the start is
    // refused as such, and there is no QR payment to look at (tests/integration/sync/qr-payments
    // walks them against the reference server).
    await call('payments:qrOpen', { sessionId: entered.sessionId });
    await call('payments:qrStart', {
      sessionId: entered.sessionId,
      expectedDueMinor: 1,
      idempotencyKey: requestKey(),
    }).catch(() => undefined);
    for (const channel of ['payments:qrStatus', 'payments:qrCancel', 'payments:qrPrint'] as const) {
      await call(channel, { reference: 'Q-none' }).catch(() => undefined);
    }
    // A COPY is for a receipt that printed (or never will): the original prints first.
    await h.untilPrintState(paid.receipt.id, 'printed');
    await call('receipts:reprint', { receiptId: paid.receipt.id, reason: 'contract walk' });
    await call('receipts:attention', {});
    // No receipt page configured here: a NOT_FOUND that says so.
    await call('receipts:digital', { receiptId: paid.receipt.id }).catch(() => undefined);
    await call('receipts:void', { jobId: 999_999, reason: 'contract walk' }).catch(() => undefined);
    const noRecord: { alertId: string } = await call('lanes:manualRead', {
      laneId: 'exit-1',
      plate: 'CT02RCT',
    });
    await call('alerts:list', {});
    await call('alerts:resolve', {
      alertId: noRecord.alertId,
      action: 'lostTicket',
      tenderedMinor: testTariff.lostTicketFeeMinor,
      idempotencyKey: requestKey(),
    });
    // The first sale is voided (the car is still in the lot); the lost ticket refunded in part.
    const first: { id: string } = await call('payments:byReceipt', { receiptNumber: 'R-1' });
    await call('payments:void', { paymentId: first.id, reason: 'contract walk' });
    // The voided stay owes again: a manager waives it (a nil payment takes receipt R-3).
    const owes: { dueMinor: number } = await call('sessions:quote', {
      sessionId: entered.sessionId,
    });
    await call('payments:waive', {
      sessionId: entered.sessionId,
      expectedDueMinor: owes.dueMinor,
      reason: 'contract walk',
      idempotencyKey: requestKey(),
    });
    const lost: { id: string } = await call('payments:byReceipt', { receiptNumber: 'R-2' });
    await call('payments:refund', {
      paymentId: lost.id,
      amountMinor: 100,
      reason: 'contract walk',
    });
    // Resolved already (a blacklisted entry needs the operator's lists: tests/integration/sync).
    await call('alerts:admitBlacklisted', {
      alertId: noRecord.alertId,
      reason: 'contract walk',
    }).catch(() => undefined);
    const other: { sessionId: string } = await call('lanes:manualRead', {
      laneId: 'entry-1',
      plate: 'CT03RCT',
    });
    await call('lot:list', {});
    await call('lot:correctPlate', {
      sessionId: other.sessionId,
      plate: 'CT03RCU',
      reason: 'typo',
    });
    await call('lot:markPaid', { sessionId: other.sessionId, reason: 'contract walk' });
    await call('lot:deleteRecord', { sessionId: other.sessionId, reason: 'contract walk' });
    const leaving: { sessionId: string } = await call('lanes:manualRead', {
      laneId: 'entry-1',
      plate: 'CT04RCT',
    });
    h.clock.advanceMinutes(30);
    await call('payments:unableToCollect', {
      sessionId: leaving.sessionId,
      laneId: 'exit-1',
      reason: 'contract walk',
    });
    const byCard: { sessionId: string } = await call('lanes:manualRead', {
      laneId: 'entry-1',
      plate: 'CT05RCT',
    });
    h.clock.advanceMinutes(45);
    const cardDue: { dueMinor: number } = await call('sessions:quote', {
      sessionId: byCard.sessionId,
    });
    await call('payments:card', {
      sessionId: byCard.sessionId,
      expectedDueMinor: cardDue.dueMinor,
      cashMinor: 100,
      cashTenderedMinor: 100,
      idempotencyKey: requestKey(),
    });
    // No server configured: sync answers as a booth on its own.
    await call('sync:status', {});
    await call('sync:now', {});
    await call('sync:retryHeld', { aggregateType: 'session', aggregateId: 'S-none' });
    await call('shifts:moveCash', {
      kind: 'drop',
      amountMinor: 5000,
      reference: 'B1',
      reason: 'walk',
    });
    await call('shifts:xReport', {});
    await call('shifts:pause', {});
    await call('operator:unlock', { pin: demoPin('manager') });
    await call('shifts:resume', {});
    // Counted far short of what the drawer should hold: a manager accepts it.
    await call('shifts:close', { count: [] });
    await call('shifts:acceptVariance', { reason: 'contract walk' });
    if (paid.session.entryPhotoId) {
      await call('photos:get', { photoId: paid.session.entryPhotoId }).catch(() => undefined);
    } else {
      await call('photos:get', { photoId: 'P-none' }).catch(() => undefined);
    }
    await call('operators:add', { name: 'walker', role: 'cashier', pin: '602913' });
    await call('operators:resetPin', { name: 'walker', pin: '602914', reason: 'contract walk' });
    await call('operators:list', {});
    await call('settings:setLanguage', { language: 'ro' });
    await call('settings:setLanguage', { language: 'en' });
    await call('operator:elevate', {
      name: 'manager',
      pin: demoPin('manager'),
      channel: 'audit:list',
    });
    await call('operator:changePin', { currentPin: demoPin('manager'), newPin: '602915' });
    await call('audit:list', { limit: 50 });
    // Bookings: one checked in by the cashier, served and completed; one cancelled; a late
    // conversion refused (it isn't late); a scanned text that is no token, refused as such.
    const booking = (plate: string, minutes: number) =>
      call('bookings:create', {
        resource: { kind: 'pump', id: 'pump-1' },
        startsAt: h.clock.now + minutes * 60_000,
        durationMinutes: 15,
        plate,
        source: 'phone',
      }) as Promise<{ id: string }>;
    const due = await booking('CT06RCT', 5);
    await call('bookings:checkIn', { bookingId: due.id });
    await call('bookings:startService', { bookingId: due.id });
    await call('bookings:complete', { bookingId: due.id });
    const later = await booking('CT07RCT', 120);
    await call('bookings:convertToWalkIn', { bookingId: later.id, reason: 'walk' }).catch(
      () => undefined,
    );
    await call('bookings:cancel', { bookingId: later.id, reason: 'contract walk' });
    await call('bookings:scanToken', { token: 'not a token' });
    await call('bookings:list', {});
    await call('journal:list', { type: 'payment.', limit: 10 });
    await call('charts:demand', { from: '2026-11-13', to: '2026-11-20' });
    await call('charts:forecast', { zoneId: 'main', cashierLoadPerHour: 30 });
    await call('charts:setLimits', { capacityPerHour: 40, cashierLoadPerHour: 30, cashiers: 1 });
    await call('charts:limits', {});
    // The gate opened above without a transaction is an exception; a manager acknowledges it.
    const raised: { id: string; kind: string }[] = await call('exceptions:list', {});
    const gate = raised.find((x) => x.kind === 'gate-without-transaction');
    assert.ok(gate, 'the gate opened in the walk is an exception');
    await call('exceptions:acknowledge', { id: gate.id, note: 'contract walk' });
    // Loyalty: no member pulled here, so the lookup finds none and a redemption is refused.
    await call('loyalty:lookup', { by: 'plate', value: 'CT06RCT' });
    await call('loyalty:redeem', { memberId: 'm-nobody', points: 1, description: 'walk' }).catch(
      () => undefined,
    );
    await call('loyalty:products', {});
    await call('loyalty:redeemProduct', { memberId: 'm-nobody', sku: 'coffee' }).catch(
      () => undefined,
    );
    // Coupons: no operator's server here, so a coupon is refused as offline, and counted.
    await call('coupons:redeem', { code: 'C-0000-0000-0000' }).catch(() => undefined);
    await call('coupons:refusals', {});
    // Fuel: no pumps at this site, so nothing is due and a payment finds no sale.
    await call('fuel:sales', {});
    await call('fuel:confirmPlate', { saleId: 'F-nothing', plate: 'B123ABC' }).catch(
      () => undefined,
    );
    await call('fuel:payCash', {
      saleId: 'F-nothing',
      tenderedMinor: 100,
      expectedDueMinor: 100,
      idempotencyKey: requestKey(),
    }).catch(() => undefined);
    await call('fuel:payCard', {
      saleId: 'F-nothing',
      expectedDueMinor: 100,
      idempotencyKey: requestKey(),
    }).catch(() => undefined);
    await call('operator:signOut', {});
  });
  after(() => h.stop());

  it('walked every channel of the contract', () => {
    const missing = (Object.keys(channels) as ChannelName[]).filter((c) => !answered.has(c));
    assert.deepEqual(missing, []);
  });

  it('got no answer the dispatcher had to refuse as off-contract', () => {
    const internal = [...answered].filter(([, r]) => !r.ok && r.error.code === 'INTERNAL');
    assert.deepEqual(internal, []);
  });

  it("each successful answer parses with its channel's response schema", () => {
    for (const [channel, result] of answered) {
      if (!result.ok) continue;
      const parsed = channels[channel].response.safeParse(result.value);
      assert.ok(parsed.success, `${channel}: ${parsed.error?.issues[0]?.message}`);
    }
  });
});
