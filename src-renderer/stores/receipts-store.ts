import { create } from 'zustand';
import type { PrintJobView, ResponseOf, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { notConnected } from '../station';
import { t } from './i18n-store';

interface ReceiptsState {
  /** Receipts that failed to print or were cut off by a restart, oldest first. */
  jobs: PrintJobView[];
  /** Print results flow while someone is signed in; the list loads at each sign-in. */
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  /** Reprints as COPY and returns how it went; throws so the dialog that asked can show why. */
  reprint: (receiptId: string, reason: string) => Promise<ResponseOf<'receipts:reprint'>>;
  voidJob: (jobId: number, reason: string) => Promise<void>;
  /** The receipt as a link and QR code for the customer's phone; throws the station's refusal. */
  digital: (receiptId: string) => Promise<ResponseOf<'receipts:digital'>>;
  reset: () => void;
}

export const useReceiptsStore = create<ReceiptsState>()((set, get) => {
  let api = notConnected;
  return {
    jobs: [],
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('receipt:printed', () => void get().load());
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
        set({ jobs: await api.request('receipts:attention', {}) });
      } catch (err) {
        reportError(err, t('receipts.loadFailed'));
      }
    },
    async reprint(receiptId, reason) {
      const answer = await api.request('receipts:reprint', { receiptId, reason });
      await get().load();
      return answer;
    },
    digital: (receiptId) => api.request('receipts:digital', { receiptId }),
    async voidJob(jobId, reason) {
      set({ jobs: await api.request('receipts:void', { jobId, reason }) });
    },
    reset() {
      set({ jobs: [] });
    },
  };
});

onSignedOut(() => useReceiptsStore.getState().reset());
