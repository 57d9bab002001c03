import { create } from 'zustand';
import type { PaymentDetailView, StationApi } from '../../src-shared';
import { onSignedOut } from '../session-signal';
import { notConnected } from '../station';
import { t } from './i18n-store';

interface ReversalState {
  /** The payment last found by its receipt number, with what went back and what still can. */
  found: PaymentDetailView | null;
  start: (api: StationApi) => () => void;
  /** Each throws the station's refusal, for the form or dialog that asked to show. */
  find: (receiptNumber: string) => Promise<void>;
  voidPayment: (reason: string) => Promise<void>;
  refund: (amountMinor: number, reason: string) => Promise<void>;
  clear: () => void;
}

/** Voids and refunds: find a payment by its receipt, then a manager's decision on it. */
export const useReversalStore = create<ReversalState>()((set, get) => {
  let api = notConnected;
  let generation = 0;

  async function keep(request: () => Promise<PaymentDetailView>) {
    const asked = generation;
    const found = await request();
    if (asked === generation) set({ found });
  }

  /**
   * A void or refund: on a refusal the payment is asked for again before the refusal is shown,
   * since what may go back can have changed (a card refund the terminal has not answered yet
   * holds the payment until the station settles it).
   */
  async function decide(request: () => Promise<PaymentDetailView>) {
    try {
      await keep(request);
    } catch (error) {
      const found = get().found;
      if (found) {
        const receiptNumber = found.receiptNumber;
        await keep(() => api.request('payments:byReceipt', { receiptNumber })).catch(
          () => undefined,
        );
      }
      throw error;
    }
  }

  function current(): PaymentDetailView {
    const found = get().found;
    if (!found) throw new Error(t('reversal.findFirst'));
    return found;
  }

  return {
    found: null,
    // Nothing to subscribe to: everything here is asked for.
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    find: (receiptNumber) => keep(() => api.request('payments:byReceipt', { receiptNumber })),
    voidPayment: (reason) =>
      decide(() => api.request('payments:void', { paymentId: current().id, reason })),
    refund: (amountMinor, reason) =>
      decide(() =>
        api.request('payments:refund', { paymentId: current().id, amountMinor, reason }),
      ),
    clear() {
      generation += 1;
      set({ found: null });
    },
  };
});

onSignedOut(() => useReversalStore.getState().clear());
