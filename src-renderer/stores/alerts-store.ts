import { create } from 'zustand';
import type { AlertView, PaymentResult, RequestOf, ResponseOf, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { notConnected } from '../station';
import { t } from './i18n-store';

export type ResolveRequest = RequestOf<'alerts:resolve'>;
export type ResolveResponse = ResponseOf<'alerts:resolve'>;

interface AlertsState {
  /** Unresolved alerts, newest first. */
  alerts: AlertView[];
  loaded: boolean;
  /** The cash taken by the last lost-ticket charge, until the cashier closes it. */
  lastPayment: PaymentResult | null;
  /** Alert pushes flow while someone is signed in; the alerts load at each sign-in. */
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  applyAlert: (alert: AlertView) => void;
  /** Throws on failure so the dialog that asked can show why. */
  resolve: (request: ResolveRequest) => Promise<ResolveResponse>;
  /** A manager (or an approved cashier) lets in a car held for a blacklisted plate. */
  admitBlacklisted: (alertId: string, reason: string) => Promise<ResolveResponse>;
  clearLastPayment: () => void;
  reset: () => void;
}

function newestFirst(alerts: AlertView[]): AlertView[] {
  return [...alerts].sort((a, b) => b.at - a.at);
}

const initial = { alerts: [], loaded: false, lastPayment: null };

export const useAlertsStore = create<AlertsState>()((set, get) => {
  let api = notConnected;
  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('alert:raised', (alert) => get().applyAlert(alert));
        void get().load();
        return off;
      });
      return () => {
        stop();
        api = notConnected;
      };
    },
    async load() {
      try {
        const all = await api.request('alerts:list', {});
        set({ alerts: newestFirst(all.filter((a) => !a.resolved)), loaded: true });
      } catch (err) {
        reportError(err, t('alerts.loadFailed'));
      }
    },
    applyAlert(alert) {
      set((s) => {
        const others = s.alerts.filter((a) => a.id !== alert.id);
        return { alerts: alert.resolved ? others : newestFirst([...others, alert]) };
      });
    },
    async resolve(request) {
      const response = await api.request('alerts:resolve', request);
      set((s) => ({
        alerts: s.alerts.filter((a) => a.id !== request.alertId),
        lastPayment: response.payment ?? s.lastPayment,
      }));
      return response;
    },
    async admitBlacklisted(alertId, reason) {
      const response = await api.request('alerts:admitBlacklisted', { alertId, reason });
      set((s) => ({ alerts: s.alerts.filter((a) => a.id !== alertId) }));
      return response;
    },
    clearLastPayment() {
      set({ lastPayment: null });
    },
    reset() {
      set(initial);
    },
  };
});

onSignedOut(() => useAlertsStore.getState().reset());
