import { create } from 'zustand';
import type {
  PaymentResult,
  PrintState,
  QrPaymentView,
  QuoteView,
  StationApi,
} from '../../src-shared';
import { money } from '../format';
import { reportError } from '../report-error';
import { newRequestKey } from '../request-key';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorCode, errorMessage, notConnected } from '../station';
import { readCashPart, readTendered } from '../tender';
import { t } from './i18n-store';

/**
 * How a payment attempt ended, for the workflow that tells the other stores (this one does not
 * reach into them). Null: nothing to tell (refused before sending, or the panel moved on).
 */
export type PayOutcome =
  | { kind: 'paid'; sessionId: string }
  | { kind: 'due-changed'; sessionId: string; quote: QuoteView | null }
  | null;

interface PaymentState {
  /** The session the open payment panel is for; null when closed. */
  sessionId: string | null;
  tenderedText: string;
  paying: boolean;
  error: string | null;
  /** Why the cashier must look again (the due changed before payment). */
  notice: string | null;
  result: PaymentResult | null;
  /** The QR payment shown to the customer for this panel, until it is paid or over. */
  qr: QrPaymentView | null;
  /**
   * The idempotency key of this payment: the same for every retry until it succeeds, so a
   * retry after a lost answer can never charge twice. A new panel gets a new key.
   */
  requestKey: string;
  start: (api: StationApi) => () => void;
  open: (sessionId: string) => void;
  close: () => void;
  setTendered: (text: string) => void;
  /** Takes cash against the due the cashier was shown; currency words the messages. */
  pay: (expectedDueMinor: number, currency: string) => Promise<PayOutcome>;
  /**
   * On the card terminal: all of the due when no cash is typed, otherwise the typed cash is the
   * cash part and the card pays the rest (a split tender).
   */
  payCard: (expectedDueMinor: number, currency: string) => Promise<PayOutcome>;
  /**
   * A QR code for the customer's app: all of the due when no cash is typed, otherwise the typed
   * cash is the cash part and the QR pays the rest. Resolves once the QR payment is over: paid
   * (booked by the station), or cancelled, expired or failed (then null).
   */
  payQr: (expectedDueMinor: number, currency: string) => Promise<PayOutcome>;
  /** Withdraws the shown QR payment (one the customer paid first is booked instead). */
  cancelQr: () => Promise<void>;
  /** Prints the shown QR for a customer who can't scan the screen. */
  printQr: () => Promise<void>;
  /** The station's word on a QR payment (event qr:changed). */
  qrChanged: (view: QrPaymentView) => void;
  /**
   * A nil payment: a manager waives the due, with a reason (at a cashier's console, after the
   * manager's approval). Throws the station's refusal, for the reason dialog to show.
   */
  waive: (expectedDueMinor: number, reason: string) => Promise<PayOutcome>;
  /** The payment's receipt printed, failed or was reprinted: its line follows. */
  receiptChanged: (receipt: { receiptId: string; printState: PrintState; detail: string }) => void;
  reset: () => void;
}

const initial = () => ({
  sessionId: null,
  tenderedText: '',
  paying: false,
  error: null,
  notice: null,
  result: null,
  qr: null,
  requestKey: newRequestKey(),
});

export const usePaymentStore = create<PaymentState>()((set, get) => {
  let api = notConnected;
  /** Who is waiting for the shown QR payment to end (payQr's caller). */
  let qrWaiter: ((outcome: PayOutcome) => void) | null = null;

  function endQr(outcome: PayOutcome): void {
    const waiter = qrWaiter;
    qrWaiter = null;
    waiter?.(outcome);
  }

  async function freshQuote(sessionId: string): Promise<QuoteView | null> {
    try {
      return await api.request('sessions:quote', { sessionId });
    } catch (err) {
      reportError(err, t('payment.refreshFailed'));
      return null;
    }
  }

  /**
   * Sends one payment request for the open panel, with the panel's idempotency key (the same on
   * every retry, so a lost answer never charges twice), and reads the answer or the refusal.
   */
  async function send(
    expectedDueMinor: number,
    currency: string,
    request: (sessionId: string, idempotencyKey: string) => Promise<PaymentResult>,
  ): Promise<PayOutcome> {
    const { sessionId, paying, requestKey } = get();
    if (!sessionId || paying) return null;
    set({ paying: true, error: null, notice: null });
    try {
      const result = await request(sessionId, requestKey);
      if (get().sessionId !== sessionId) return null;
      set({ paying: false, result });
      return { kind: 'paid', sessionId };
    } catch (err) {
      return refused(err, sessionId, expectedDueMinor, currency);
    }
  }

  /** The station said no to a payment request: the due moved, or it says why. */
  async function refused(
    err: unknown,
    sessionId: string,
    expectedDueMinor: number,
    currency: string,
  ): Promise<PayOutcome> {
    if (get().sessionId !== sessionId) return null;
    const quote = errorCode(err) === 'CONFLICT' ? await freshQuote(sessionId) : null;
    // A conflict is the due having moved, unless it hasn't (then the station said why).
    if (quote && quote.dueMinor !== expectedDueMinor) {
      set({
        paying: false,
        notice: t('payment.dueChanged', { amount: money(quote.dueMinor, currency) }),
      });
      return { kind: 'due-changed', sessionId, quote };
    }
    set({ paying: false, error: errorMessage(err) });
    return null;
  }

  /**
   * The typed cash as the cash part of a card or QR payment: blank is none, and it must leave
   * something for the other tender. Null (with the error shown) when it can't be.
   */
  function cashPart(expectedDueMinor: number, currency: string): number | null {
    const part = readCashPart(get().tenderedText, expectedDueMinor, currency);
    if (!part.ok) set({ error: part.error });
    return part.ok ? part.cashMinor : null;
  }

  return {
    ...initial(),
    start(next) {
      api = next;
      // The receipt prints after the payment is answered (from the print queue).
      const stop = whileSignedIn(() => next.on('receipt:printed', (e) => get().receiptChanged(e)));
      const stopQr = whileSignedIn(() => next.on('qr:changed', (e) => get().qrChanged(e)));
      return () => {
        stop();
        stopQr();
        api = notConnected;
      };
    },
    receiptChanged({ receiptId, printState, detail }) {
      const result = get().result;
      if (result?.receipt.id !== receiptId) return;
      set({ result: { ...result, receipt: { ...result.receipt, printState, detail } } });
    },
    open(sessionId) {
      if (get().sessionId === sessionId && !get().result) return;
      endQr(null);
      set({ ...initial(), sessionId });
      // A QR payment still open for this stay (another console, or before a reload) comes back.
      void api
        .request('payments:qrOpen', { sessionId })
        .then((view) => {
          if (view && get().sessionId === sessionId && !get().qr) {
            set({ qr: view, paying: view.state !== 'paid' });
          }
        })
        .catch(() => undefined);
    },
    close() {
      endQr(null);
      set(initial());
    },
    setTendered(tenderedText) {
      set({ tenderedText, error: null });
    },
    async pay(expectedDueMinor, currency) {
      const { tenderedText } = get();
      const tendered = readTendered(tenderedText, expectedDueMinor, currency);
      if (!tendered.ok) {
        set({ error: tendered.error });
        return null;
      }
      return send(expectedDueMinor, currency, (sessionId, idempotencyKey) =>
        api.request('payments:cash', {
          sessionId,
          tenderedMinor: tendered.tenderedMinor,
          expectedDueMinor,
          idempotencyKey,
        }),
      );
    },
    async payCard(expectedDueMinor, currency) {
      // Blank: all on the card. Some cash, less than the due: that cash, the rest on the card.
      const cashMinor = cashPart(expectedDueMinor, currency);
      if (cashMinor === null) return null;
      return send(expectedDueMinor, currency, (sessionId, idempotencyKey) =>
        api.request('payments:card', {
          sessionId,
          expectedDueMinor,
          cashMinor,
          cashTenderedMinor: cashMinor,
          idempotencyKey,
        }),
      );
    },
    async payQr(expectedDueMinor, currency) {
      const { sessionId, paying, requestKey } = get();
      if (!sessionId || paying) return null;
      const cashMinor = cashPart(expectedDueMinor, currency);
      if (cashMinor === null) return null;
      set({ paying: true, error: null, notice: null });
      let view: QrPaymentView;
      try {
        view = await api.request('payments:qrStart', {
          sessionId,
          expectedDueMinor,
          cashMinor,
          cashTenderedMinor: cashMinor,
          idempotencyKey: requestKey,
        });
      } catch (err) {
        return refused(err, sessionId, expectedDueMinor, currency);
      }
      if (get().sessionId !== sessionId) return null;
      endQr(null);
      const ended = new Promise<PayOutcome>((resolve) => {
        qrWaiter = resolve;
      });
      get().qrChanged(view);
      return ended;
    },
    qrChanged(view) {
      const shown = get().qr;
      // Only the panel's own QR payment (a replay of the start answers with it, too).
      if (shown && shown.reference !== view.reference) return;
      if (!shown && (get().sessionId !== view.sessionId || !get().paying)) return;
      if (view.state === 'paid' && view.result) {
        // The next payment at this panel needs a new key; this one has been used.
        set({ qr: null, paying: false, result: view.result, requestKey: newRequestKey() });
        endQr({ kind: 'paid', sessionId: view.sessionId });
        return;
      }
      if (view.state === 'creating' || view.state === 'shown' || view.state === 'paid') {
        set({ qr: view });
        return;
      }
      const why =
        view.state === 'expired'
          ? t('qr.expired')
          : view.state === 'cancelled'
            ? t('qr.cancelled')
            : t('qr.failed', { detail: view.detail });
      // A new key: the same one would show this finished QR payment again.
      set({ qr: null, paying: false, notice: why, requestKey: newRequestKey() });
      endQr(null);
    },
    async cancelQr() {
      const shown = get().qr;
      if (!shown) return;
      try {
        get().qrChanged(await api.request('payments:qrCancel', { reference: shown.reference }));
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async printQr() {
      const shown = get().qr;
      if (!shown) return;
      try {
        const printed = await api.request('payments:qrPrint', { reference: shown.reference });
        set({ error: printed.printed ? null : t('qr.printFailed', { detail: printed.detail }) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async waive(expectedDueMinor, reason) {
      const { sessionId, requestKey } = get();
      if (!sessionId) return null;
      const result = await api.request('payments:waive', {
        sessionId,
        expectedDueMinor,
        reason,
        idempotencyKey: requestKey,
      });
      if (get().sessionId !== sessionId) return null;
      set({ result, error: null, notice: null });
      return { kind: 'paid', sessionId };
    },
    reset() {
      endQr(null);
      set(initial());
    },
  };
});

onSignedOut(() => usePaymentStore.getState().reset());
