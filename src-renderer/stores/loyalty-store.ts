import { create } from 'zustand';
import type { StationApi } from '../../src-shared';
import type {
  CatalogueProductView,
  MemberView,
  RedemptionResult,
} from '../../src-shared/contract/loyalty';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

export type MemberQueryKind = 'phone' | 'code' | 'plate';

interface LoyaltyState {
  /** The members the last lookup found (a plate may lead to more than one). */
  members: MemberView[];
  /** The lookup those came from; null before the first one. */
  asked: { by: MemberQueryKind; value: string } | null;
  selectedId: string | null;
  /** The catalogue's products with this station's stock; loaded with each lookup. */
  products: CatalogueProductView[];
  /** A request is on its way: a second tap sends nothing. */
  busy: boolean;
  /** The last redemption's slip did not print: why (the redemption stands). */
  slipProblem: string | null;
  error: string | null;
  start: (api: StationApi) => () => void;
  /** Finds members by phone, card or QR code, or plate; the only one found is picked. */
  lookup: (by: MemberQueryKind, value: string) => Promise<void>;
  select: (memberId: string | null) => void;
  /** Spends the picked member's points; false (with error set) if the station refused. */
  redeem: (points: number, description: string) => Promise<boolean>;
  /** The picked member takes one catalogue product for its points; false if refused. */
  redeemProduct: (sku: string) => Promise<boolean>;
  reset: () => void;
}

const initial = {
  members: [],
  asked: null,
  selectedId: null,
  products: [],
  busy: false,
  slipProblem: null,
  error: null,
};

/** A redemption's answer: the member as they stand after it, and whether the slip printed. */
function redeemed(s: Pick<LoyaltyState, 'members'>, done: RedemptionResult) {
  return {
    members: s.members.map((m) => (m.id === done.member.id ? done.member : m)),
    slipProblem: done.slip.printState === 'printed' ? null : done.slip.detail,
  };
}

/** The member panel's state: the cashier's lookups and redemptions, forgotten at sign-out. */
export const useLoyaltyStore = create<LoyaltyState>()((set, get) => {
  let api = notConnected;
  let generation = 0;
  const failed = (err: unknown) =>
    set({ busy: false, error: isSessionRefusal(err) ? null : errorMessage(err) });

  /** The last lookup again, quietly (no busy state): the members as they stand now. */
  async function refresh(): Promise<void> {
    const { asked, busy } = get();
    if (!asked || busy) return;
    const mine = generation;
    try {
      const members = await api.request('loyalty:lookup', asked);
      if (mine !== generation) return;
      const selectedId = get().selectedId;
      set({ members, selectedId: members.some((m) => m.id === selectedId) ? selectedId : null });
    } catch {
      // A refresh is a courtesy: the next lookup shows the balance anyway.
    }
  }

  return {
    ...initial,
    start(next) {
      api = next;
      // A shown member's balance changed (a sale earned, another console redeemed): look again.
      const stop = whileSignedIn(() =>
        next.on('loyalty:changed', ({ memberIds }) => {
          if (get().members.some((m) => memberIds.includes(m.id))) void refresh();
        }),
      );
      return () => {
        stop();
        api = notConnected;
      };
    },
    async lookup(by, value) {
      if (get().busy || value.trim() === '') return;
      const asked = ++generation;
      set({ busy: true, error: null, slipProblem: null, asked: { by, value } });
      try {
        const [members, products] = await Promise.all([
          api.request('loyalty:lookup', { by, value }),
          api.request('loyalty:products', {}),
        ]);
        if (asked !== generation) return;
        set({
          busy: false,
          members,
          products,
          selectedId: members.length === 1 ? members[0]!.id : null,
        });
      } catch (err) {
        if (asked === generation) failed(err);
      }
    },
    select(selectedId) {
      set({ selectedId, error: null });
    },
    async redeem(points, description) {
      const memberId = get().selectedId;
      if (get().busy || !memberId) return false;
      const asked = ++generation;
      set({ busy: true, error: null });
      try {
        const done = await api.request('loyalty:redeem', { memberId, points, description });
        if (asked !== generation) return false;
        set((s) => ({ busy: false, ...redeemed(s, done) }));
        return true;
      } catch (err) {
        if (asked === generation) failed(err);
        return false;
      }
    },
    async redeemProduct(sku) {
      const memberId = get().selectedId;
      if (get().busy || !memberId) return false;
      const asked = ++generation;
      set({ busy: true, error: null });
      try {
        const done = await api.request('loyalty:redeemProduct', { memberId, sku });
        const products = await api.request('loyalty:products', {});
        if (asked !== generation) return false;
        set((s) => ({ busy: false, products, ...redeemed(s, done) }));
        return true;
      } catch (err) {
        if (asked === generation) failed(err);
        return false;
      }
    },
    reset() {
      generation += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useLoyaltyStore.getState().reset());

// Selectors: plain values, so a component re-renders only when they change.
export const selectMember = (s: LoyaltyState): MemberView | null =>
  s.members.find((m) => m.id === s.selectedId) ?? null;
