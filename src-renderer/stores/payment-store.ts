import { create } from 'zustand';
import { parseMoney, type PaymentResult } from '../../src-shared';
import { money } from '../format';
import { newRequestKey } from '../request-key';
import { errorCode, errorMessage, station } from '../station';
import { useLanesStore } from './lanes-store';
import { useSessionsStore } from './sessions-store';
import { useStatusStore } from './status-store';

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
  open: (sessionId: string) => void;
  close: () => void;
  setTendered: (text: string) => void;
  /** Takes cash against the due the cashier was shown. */
  pay: (expectedDueMinor: number) => Promise<void>;
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

export const usePaymentStore = create<PaymentState>()((set, get) => ({
  ...initial(),
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
  async pay(expectedDueMinor) {
    const { sessionId, tenderedText, paying, requestKey } = get();
    if (!sessionId || paying) return;
    const currency = useStatusStore.getState().currency;
    const tenderedMinor = parseMoney(tenderedText);
    if (tenderedMinor === null) {
      set({ error: 'Enter the cash tendered, for example 50 or 12.50.' });
      return;
    }
    if (tenderedMinor < expectedDueMinor) {
      set({ error: `Not enough cash: ${money(expectedDueMinor, currency)} is due.` });
      return;
    }
    set({ paying: true, error: null, notice: null });
    try {
      const result = await station().request('payments:cash', {
        sessionId,
        tenderedMinor,
        expectedDueMinor,
        idempotencyKey: requestKey,
      });
      if (get().sessionId !== sessionId) return;
      set({ paying: false, result });
      useLanesStore.getState().clearUnpaidFor(sessionId);
      void useSessionsStore.getState().refreshSelected();
    } catch (err) {
      if (get().sessionId !== sessionId) return;
      if (errorCode(err) === 'CONFLICT') {
        const quote = await useSessionsStore.getState().refreshQuote();
        const now = quote ? ` It is now ${money(quote.dueMinor, currency)}.` : '';
        set({
          paying: false,
          notice: `The amount due changed, no money was taken.${now} Check it with the driver and take payment again.`,
        });
        return;
      }
      set({ paying: false, error: errorMessage(err) });
    }
  },
  reset() {
    set(initial());
  },
}));
