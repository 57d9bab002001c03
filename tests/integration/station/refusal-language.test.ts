/**
 * The station's refusals reach the cashier in the console's language: a keyed refusal is said
 * in the language the station is set to at the moment it answers (a manager's switch takes
 * effect on the next refusal), and one without a catalogue key passes through as thrown. Real
 * station, real SQLite file, through the real dispatcher.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createFormat,
  translate,
  type IpcResult,
  type Language,
  type MessageKey,
} from '../../../src-shared';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

const MANAGER = 'manager-console';

/** The refusal's code and message, failing the test when the call went through. */
function refusal(result: IpcResult<unknown>): { code: string; message: string; issues?: unknown } {
  assert.equal(result.ok, false, 'the call should have been refused');
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

/** The catalogue's text in `language`, which must differ from English to prove anything. */
function said(language: Language, key: MessageKey, params?: Record<string, string | number>) {
  const say = translate as (l: Language, k: MessageKey, p?: object) => string;
  const text = say(language, key, params);
  if (language !== 'en') assert.notEqual(text, say('en', key, params), `${key} is not translated`);
  return text;
}

describe('refusals in the console language (real station)', { timeout: 120_000 }, () => {
  let h: Harness;
  let plate = 0;

  before(async () => {
    // No shift opens by itself: a payment before the drawer opens is one of the refusals.
    h = await startHarness({}, { openShift: false });
    await h.signIn('cashier');
    await h.signIn('manager', MANAGER);
  });
  after(() => h.stop());

  const setLanguage = (language: Language) => h.call('settings:setLanguage', { language }, MANAGER);

  async function carDue() {
    const entered = await h.call('lanes:manualRead', {
      laneId: 'entry-1',
      plate: `LG${String(++plate).padStart(4, '0')}`,
    });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(95);
    const quote = await h.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 0);
    return { sessionId, quote };
  }

  const payCash = (sessionId: string, tenderedMinor: number, dueMinor: number) =>
    h.raw('payments:cash', {
      sessionId,
      tenderedMinor,
      expectedDueMinor: dueMinor,
      idempotencyKey: requestKey(),
    });

  it('refuses a payment with no open shift in Romanian, then in English after the switch back', async () => {
    const { sessionId, quote } = await carDue();
    await setLanguage('ro');
    const ro = refusal(await payCash(sessionId, quote.dueMinor, quote.dueMinor));
    assert.equal(ro.code, 'CONFLICT');
    assert.equal(ro.message, said('ro', 'refusal.noShiftFloat'));

    await setLanguage('en');
    const en = refusal(await payCash(sessionId, quote.dueMinor, quote.dueMinor));
    assert.equal(en.message, said('en', 'refusal.noShiftFloat'));
    assert.match(en.message, /No shift is open/);
  });

  it('refuses cash tendered below the due in Romanian, the field issue too, the amount formatted', async () => {
    await h.call('shifts:open', { count: [] });
    const { sessionId, quote } = await carDue();
    const status = await h.call('station:status', {});
    const money = createFormat({
      locale: status.site.locale,
      currency: quote.currency,
      timeZone: status.site.timeZone,
    });
    const params = { due: money.money(quote.dueMinor, quote.currency) };

    await setLanguage('ro');
    const ro = refusal(await payCash(sessionId, quote.dueMinor - 1, quote.dueMinor));
    assert.equal(ro.code, 'INVALID_PAYLOAD');
    assert.equal(ro.message, said('ro', 'refusal.cashShort', params));
    assert.deepEqual(ro.issues, [{ path: 'tenderedMinor', message: ro.message }]);

    await setLanguage('en');
    const en = refusal(await payCash(sessionId, quote.dueMinor - 1, quote.dueMinor));
    assert.equal(en.message, said('en', 'refusal.cashShort', params));
    assert.deepEqual(en.issues, [{ path: 'tenderedMinor', message: en.message }]);
  });

  it("refuses a cashier's void (a manager's decision) in Romanian, then in English", async () => {
    const { sessionId, quote } = await carDue();
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    const voiding = { paymentId: paid.payment.id, reason: 'charged the wrong car' };

    await setLanguage('ro');
    const ro = refusal(await h.raw('payments:void', voiding));
    assert.equal(ro.code, 'NOT_ALLOWED');
    assert.equal(ro.message, said('ro', 'refusal.managerOnly'));
    // A service's refusal too: a receipt number that is not this station's.
    const missing = refusal(await h.raw('payments:byReceipt', { receiptNumber: 'NOPE-1' }));
    assert.equal(missing.message, said('ro', 'refusal.noReceipt', { number: 'NOPE-1' }));

    await setLanguage('en');
    const en = refusal(await h.raw('payments:void', voiding));
    assert.equal(en.message, said('en', 'refusal.managerOnly'));
  });

  it("says why a payment cannot be voided again in the console's language, in its view too", async () => {
    const { sessionId, quote } = await carDue();
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    const voiding = { paymentId: paid.payment.id, reason: 'charged the wrong car' };
    await h.call('payments:void', voiding, MANAGER);
    const byReceipt = { receiptNumber: paid.payment.receiptNumber };

    await setLanguage('ro');
    const ro = refusal(await h.raw('payments:void', voiding, MANAGER));
    assert.equal(ro.code, 'CONFLICT');
    assert.equal(ro.message, said('ro', 'refusal.reversedAlready'));
    const seen = await h.call('payments:byReceipt', byReceipt);
    assert.equal(seen.voidRefusal, ro.message);

    await setLanguage('en');
    const en = refusal(await h.raw('payments:void', voiding, MANAGER));
    assert.equal(en.message, said('en', 'refusal.reversedAlready'));
    assert.equal((await h.call('payments:byReceipt', byReceipt)).voidRefusal, en.message);
  });

  it('refuses a typed plate the plate rule rejects in Romanian, at the plate field', async () => {
    await setLanguage('ro');
    const ro = refusal(await h.raw('lanes:manualRead', { laneId: 'entry-1', plate: 'B-$1' }));
    assert.equal(ro.code, 'INVALID_PAYLOAD');
    assert.equal(ro.message, said('ro', 'refusal.plateCharacters'));
    assert.deepEqual(ro.issues, [{ path: 'plate', message: ro.message }]);
    await setLanguage('en');
    const en = refusal(await h.raw('lanes:manualRead', { laneId: 'entry-1', plate: 'B-$1' }));
    assert.equal(en.message, 'A plate may contain only letters A-Z and digits.');
  });

  it("says what is wrong with a payload in the console's language (zod's Romanian)", async () => {
    const bad = { laneId: 'entry-1', plate: 42 };
    const en = refusal(await h.raw('lanes:manualRead', bad));
    assert.equal(en.code, 'INVALID_PAYLOAD');
    assert.match(en.message, /^plate: Invalid input: expected string, received number$/);
    await setLanguage('ro');
    const ro = refusal(await h.raw('lanes:manualRead', bad));
    assert.equal(ro.code, 'INVALID_PAYLOAD');
    assert.match(ro.message, /^plate: Intrare invalidă/);
    assert.doesNotMatch(ro.message, /expected string/, ro.message);
    assert.deepEqual(
      (ro.issues as { path: string }[]).map((i) => i.path),
      ['plate'],
    );
    await setLanguage('en');
  });

  it('passes a refusal without a catalogue key through unchanged on a Romanian console', async () => {
    await setLanguage('ro');
    const unknown = refusal(await h.raw('no:such-channel', {}));
    assert.equal(unknown.code, 'UNKNOWN_CHANNEL');
    assert.equal(unknown.message, 'Unknown channel: no:such-channel');
    await setLanguage('en');
  });
});
