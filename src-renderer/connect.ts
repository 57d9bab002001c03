import type { StationApi } from '../src-shared';
import { watchSignIn } from './station';
import { useAlertsStore } from './stores/alerts-store';
import { useBookingsStore } from './stores/bookings-store';
import { useChartsStore } from './stores/charts-store';
import { useExceptionsStore } from './stores/exceptions-store';
import { useI18nStore } from './stores/i18n-store';
import { useLanesStore } from './stores/lanes-store';
import { useJournalStore } from './stores/journal-store';
import { useLotStore } from './stores/lot-store';
import { useCouponsStore } from './stores/coupons-store';
import { useFuelStore } from './stores/fuel-store';
import { useLoyaltyStore } from './stores/loyalty-store';
import { useOperatorStore } from './stores/operator-store';
import { useOperatorsStore } from './stores/operators-store';
import { usePaymentStore } from './stores/payment-store';
import { usePhotosStore } from './stores/photos-store';
import { useReceiptsStore } from './stores/receipts-store';
import { useReversalStore } from './stores/reversal-store';
import { useSessionsStore } from './stores/sessions-store';
import { useShiftStore } from './stores/shift-store';
import { useStatusStore } from './stores/status-store';
import { useSyncStore } from './stores/sync-store';

/**
 * Hands every store the bridge, once, before anyone can sign in: from then on each store
 * subscribes, loads and resets by itself as the session signal says. Returns the stop function.
 */
export function connectStores(bridge: StationApi): () => void {
  const api = watchSignIn(bridge);
  const stops = [
    useStatusStore.getState().start(api),
    useI18nStore.getState().start(api),
    useOperatorStore.getState().start(api),
    useOperatorsStore.getState().start(api),
    useLanesStore.getState().start(api),
    useAlertsStore.getState().start(api),
    useReceiptsStore.getState().start(api),
    useSessionsStore.getState().start(api),
    useLotStore.getState().start(api),
    useJournalStore.getState().start(api),
    usePaymentStore.getState().start(api),
    usePhotosStore.getState().start(api),
    useSyncStore.getState().start(api),
    useShiftStore.getState().start(api),
    useReversalStore.getState().start(api),
    useBookingsStore.getState().start(api),
    useChartsStore.getState().start(api),
    useExceptionsStore.getState().start(api),
    useLoyaltyStore.getState().start(api),
    useFuelStore.getState().start(api),
    useCouponsStore.getState().start(api),
  ];
  return () => stops.forEach((stop) => stop());
}
