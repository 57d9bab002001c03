import { create } from 'zustand';
import type { PaymentResult, QuoteView, StationApi } from '../../src-shared';
import { money } from '../format';
import { reportError } from '../report-error';
import { newRequestKey } from '../request-key';
import { onSignedOut } from '../session-signal';
import { errorCode, errorMessage, notConnected } from '../station';
import { readTendered } from '../tender';

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
  reset: () => void;
}

const initial = () => ({
  sessionId: null,
  tenderedText: '',
  paying: false,
  error: null,
  notice: null,
  result: null,
  requestKey: newRequestKey(),
});

export const usePaymentStore = create<PaymentState>()((set, get) => {
  let api = notConnected;

  async function freshQuote(sessionId: string): Promise<QuoteView | null> {
    try {
      return await api.request('sessions:quote', { sessionId });
    } catch (err) {
      reportError(err, 'Could not refresh the amount due');
      return null;
    }
  }

  return {
    ...initial(),
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    open(sessionId) {
      if (get().sessionId === sessionId && !get().result) return;
      set({ ...initial(), sessionId });
    },
    close() {
      set(initial());
    },
    setTendered(tenderedText) {
      set({ tenderedText, error: null });
    },
    async pay(expectedDueMinor, currency) {
      const { sessionId, tenderedText, paying, requestKey } = get();
      if (!sessionId || paying) return null;
      const tendered = readTendered(tenderedText, expectedDueMinor, currency);
      if (!tendered.ok) {
        set({ error: tendered.error });
        return null;
      }
      set({ paying: true, error: null, notice: null });
      try {
        const result = await api.request('payments:cash', {
          sessionId,
          tenderedMinor: tendered.tenderedMinor,
          expectedDueMinor,
          idempotencyKey: requestKey,
        });
        if (get().sessionId !== sessionId) return null;
        set({ paying: false, result });
        return { kind: 'paid', sessionId };
      } catch (err) {
        if (get().sessionId !== sessionId) return null;
        if (errorCode(err) === 'CONFLICT') {
          const quote = await freshQuote(sessionId);
          const now = quote ? ` It is now ${money(quote.dueMinor, currency)}.` : '';
          set({
            paying: false,
            notice: `The amount due changed, no money was taken.${now} Check it with the driver and take payment again.`,
          });
          return { kind: 'due-changed', sessionId, quote };
        }
        set({ paying: false, error: errorMessage(err) });
        return null;
      }
    },
    reset() {
      set(initial());
    },
  };
});

onSignedOut(() => usePaymentStore.getState().reset());
