import { create } from 'zustand';
import type { AuditEntryView, LotEntry } from '../../src-shared';
import { errorMessage, station } from '../station';

interface LotState {
  entries: LotEntry[];
  loading: boolean;
  error: string | null;
  audit: AuditEntryView[];
  auditLoading: boolean;
  auditError: string | null;
  load: () => Promise<void>;
  loadAudit: () => Promise<void>;
  // Manager corrections throw on failure so the reason dialog can show why.
  correctPlate: (sessionId: string, plate: string, reason: string) => Promise<void>;
  markPaid: (sessionId: string, reason: string) => Promise<void>;
  deleteRecord: (sessionId: string, reason: string) => Promise<void>;
  reset: () => void;
}

const auditLimit = 200;
const initial = {
  entries: [],
  loading: false,
  error: null,
  audit: [],
  auditLoading: false,
  auditError: null,
};

export const useLotStore = create<LotState>()((set, get) => ({
  ...initial,
  async load() {
    set({ loading: true, error: null });
    try {
      const entries = await station().request('lot:list', {});
      set({ entries, loading: false });
    } catch (err) {
      set({ loading: false, error: errorMessage(err) });
    }
  },
  async loadAudit() {
    set({ auditLoading: true, auditError: null });
    try {
      const audit = await station().request('audit:list', { limit: auditLimit });
      set({ audit, auditLoading: false });
    } catch (err) {
      set({ auditLoading: false, auditError: errorMessage(err) });
    }
  },
  async correctPlate(sessionId, plate, reason) {
    await station().request('lot:correctPlate', { sessionId, plate, reason });
    void get().load();
  },
  async markPaid(sessionId, reason) {
    await station().request('lot:markPaid', { sessionId, reason });
    void get().load();
  },
  async deleteRecord(sessionId, reason) {
    await station().request('lot:deleteRecord', { sessionId, reason });
    void get().load();
  },
  reset() {
    set(initial);
  },
}));
