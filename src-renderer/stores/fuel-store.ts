import { create } from 'zustand';
import { parseMoney, type StationApi } from '../../src-shared';
import type { FuelPaymentResult, FuelSaleView } from '../../src-shared/contract/fuel';
import { newRequestKey } from '../request-key';
import { readCashPart } from '../tender';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface FuelState {
  /** The sales at the booth (due, or paid in the app lately); empty until they load. */
  sales: FuelSaleView[];
  /** The due sale the cashier picked to pay. */
  selectedId: string | null;
  /** Cash tendered as typed. */
  tendered: string;
  /**
   * The idempotency key of this payment: the same for every retry until it succeeds, so a
   * retry after a lost answer never charges twice. Picking a sale starts a new one.
   */
  requestKey: string;
  /** The last payment's outcome, shown until the next sale is picked. */
  paid: FuelPaymentResult | null;
  busy: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  select: (saleId: string | null) => void;
  setTendered: (text: string) => void;
  /** Gives the picked sale the plate the cashier read; false (with error set) if refused. */
  confirmPlate: (plate: string) => Promise<boolean>;
  /** Pays the picked sale in cash; false (with error set) if the station refused. */
  payCash: () => Promise<boolean>;
  /**
   * Pays the picked sale at the card terminal: all of it when no cash is typed, else the typed
   * cash is the cash part and the card pays the rest. False (with error set) if refused.
   */
  payCard: () => Promise<boolean>;
  reset: () => void;
}

const initial = {
  sales: [],
  selectedId: null,
  tendered: '',
  paid: null,
  busy: false,
  error: null,
};

/** The forecourt's sales at the booth, kept current by the station's fuel:changed events. */
export const useFuelStore = create<FuelState>()((set, get) => {
  let api = notConnected;
  let generation = 0;

  /**
   * Runs one request to the station while busy: what it gives is set and the list is read
   * again; a refusal shows. False when refused, already busy, or signed out meanwhile.
   */
  async function whileBusy(work: () => Promise<Partial<FuelState>>): Promise<boolean> {
    if (get().busy) return false;
    const asked = generation;
    set({ busy: true, error: null });
    try {
      const next = await work();
      if (asked !== generation) return false;
      set({ ...next, busy: false });
      await get().load();
      return true;
    } catch (err) {
      if (asked === generation) {
        set({ busy: false, error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
      return false;
    }
  }

  /**
   * Sends one payment of the picked sale with this payment's idempotency key (the same on
   * every retry until it succeeds); once paid, the sale is let go and a new key is made.
   */
  function pay(
    request: (sale: FuelSaleView, idempotencyKey: string) => Promise<FuelPaymentResult>,
  ): Promise<boolean> {
    const { selectedId, requestKey, sales } = get();
    const sale = sales.find((s) => s.id === selectedId);
    if (!sale) return Promise.resolve(false);
    return whileBusy(async () => ({
      paid: await request(sale, requestKey),
      selectedId: null,
      tendered: '',
      requestKey: newRequestKey(),
    }));
  }

  return {
    ...initial,
    requestKey: newRequestKey(),
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('fuel:changed', () => void get().load());
        void get().load();
        return off;
      });
      return () => {
        stop();
        api = notConnected;
      };
    },
    async load() {
      const asked = generation;
      try {
        const sales = await api.request('fuel:sales', {});
        if (asked !== generation) return;
        // A picked sale that is no longer due (paid in the app meanwhile) is let go.
        const selectedId = get().selectedId;
        const stillDue = sales.some((s) => s.id === selectedId && s.state === 'due');
        set({ sales, selectedId: stillDue ? selectedId : null });
      } catch (err) {
        if (asked === generation) set({ error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    select(selectedId) {
      if (get().busy) return;
      set({ selectedId, tendered: '', error: null, paid: null, requestKey: newRequestKey() });
    },
    setTendered(tendered) {
      set({ tendered, error: null });
    },
    async confirmPlate(plate) {
      const { selectedId } = get();
      if (!selectedId || plate.trim() === '') return false;
      return whileBusy(async () => {
        await api.request('fuel:confirmPlate', { saleId: selectedId, plate });
        return {};
      });
    },
    async payCash() {
      const { tendered } = get();
      const tenderedMinor = parseMoney(tendered);
      if (tenderedMinor === null) return false;
      return pay((sale, idempotencyKey) =>
        api.request('fuel:payCash', {
          saleId: sale.id,
          tenderedMinor,
          expectedDueMinor: sale.amountMinor,
          idempotencyKey,
        }),
      );
    },
    async payCard() {
      const { tendered, sales, selectedId } = get();
      const sale = sales.find((s) => s.id === selectedId);
      if (!sale) return false;
      const part = readCashPart(tendered, sale.amountMinor, sale.currency);
      if (!part.ok) {
        set({ error: part.error });
        return false;
      }
      return pay((due, idempotencyKey) =>
        api.request('fuel:payCard', {
          saleId: due.id,
          expectedDueMinor: due.amountMinor,
          cashMinor: part.cashMinor,
          cashTenderedMinor: part.cashMinor,
          idempotencyKey,
        }),
      );
    },
    reset() {
      generation++;
      set({ ...initial, requestKey: newRequestKey() });
    },
  };
});

onSignedOut(() => useFuelStore.getState().reset());
