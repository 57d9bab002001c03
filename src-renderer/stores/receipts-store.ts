import { create } from 'zustand';
import type { PrintJobView, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { station } from '../station';

interface ReceiptsState {
  /** Receipts that failed to print or were cut off by a restart, oldest first. */
  jobs: PrintJobView[];
  load: () => Promise<void>;
  /** Reprints as COPY; throws so the dialog that asked can show why. */
  reprint: (receiptId: string, reason: string) => Promise<void>;
  voidJob: (jobId: number, reason: string) => Promise<void>;
  reset: () => void;
}

export const useReceiptsStore = create<ReceiptsState>()((set, get) => ({
  jobs: [],
  async load() {
    try {
      set({ jobs: await station().request('receipts:attention', {}) });
    } catch (err) {
      reportError(err, 'Could not load receipts to check');
    }
  },
  async reprint(receiptId, reason) {
    await station().request('receipts:reprint', { receiptId, reason });
    await get().load();
  },
  async voidJob(jobId, reason) {
    set({ jobs: await station().request('receipts:void', { jobId, reason }) });
  },
  reset() {
    set({ jobs: [] });
  },
}));

export function subscribeReceiptEvents(api: StationApi): () => void {
  return api.on('receipt:printed', () => void useReceiptsStore.getState().load());
}
