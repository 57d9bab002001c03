import { create } from 'zustand';
import type { StationApi } from '../../src-shared';
import type { CouponRedemptionView } from '../../src-shared/contract/coupons';
import { onSignedOut } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface CouponsState {
  /** The coupon this console redeemed last, shown until the next attempt. */
  redeemed: CouponRedemptionView | null;
  busy: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  /** Redeems a code at the operator's server; false (with error set) if it was refused. */
  redeem: (code: string) => Promise<boolean>;
  reset: () => void;
}

const initial = { redeemed: null, busy: false, error: null };

/** Coupons the cashier redeems (typed or scanned): single use, checked at the operator's server. */
export const useCouponsStore = create<CouponsState>()((set, get) => {
  let api = notConnected;
  let generation = 0;
  return {
    ...initial,
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    async redeem(code) {
      if (get().busy || code.trim() === '') return false;
      const asked = ++generation;
      set({ busy: true, error: null, redeemed: null });
      try {
        const redeemed = await api.request('coupons:redeem', { code });
        if (asked !== generation) return false;
        set({ busy: false, redeemed });
        return true;
      } catch (err) {
        if (asked === generation) {
          set({ busy: false, error: isSessionRefusal(err) ? null : errorMessage(err) });
        }
        return false;
      }
    },
    reset() {
      generation++;
      set(initial);
    },
  };
});

onSignedOut(() => useCouponsStore.getState().reset());
