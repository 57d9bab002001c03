import { callingCodeFor, type EarnRules } from '../../src-shared/domain/loyalty';
import { StationError, type Translate } from '../../src-shared';
import type { Db } from '../db/database';
import { LoyaltyLedgerRepository } from '../db/repositories/loyalty-ledger-repository';
import {
  LoyaltyMemberRepository,
  type LoyaltyMember,
} from '../db/repositories/loyalty-member-repository';
import { LoyaltyMemoryRepository } from '../db/repositories/loyalty-memory-repository';
import type { JournalReader, JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { FuelLoyalty } from '../services/fuel-checkout';
import { earnerOf, LoyaltyEarning } from '../services/loyalty-earning';
import { LoyaltyStockRepository } from '../db/repositories/loyalty-stock-repository';
import type { CatalogueItem } from '../platform/loyalty-config';
import { LoyaltyCatalogue, type CatalogueProduct } from '../services/loyalty-catalogue';
import { LoyaltyLedger } from '../services/loyalty-ledger';
import { LoyaltyMembers, type MemberView } from '../services/loyalty-members';
import type { Transact } from '../services/ports';
import type { Redemption } from '../services/redemption-slip';
import type { Connectivity } from '../sync/sync-service';

/** A redemption committed: the member as they stand after it, and what the slip says. */
export interface Redeemed {
  member: MemberView;
  redemption: Redemption;
}

/** How often the earning consumer follows the journal (a settled sale earns within this). */
const EARNING_MS = 1000;

export interface Loyalty {
  /** The operator's members (fed by the sync pull) and their lookups. */
  members: LoyaltyMembers;
  ledger: LoyaltyLedger;
  earning: LoyaltyEarning;
  /** What the fuel checkout asks: who a sale earns for, and whether balances are sure. */
  forCheckout: FuelLoyalty;
  /** The catalogue's products with this station's stock. */
  products(): CatalogueProduct[];
  /** A member takes a catalogue product for points; the member after it, and the redemption. */
  redeemProduct(request: { memberId: string; sku: string }, actor: string): Redeemed;
  /** The cashier spends a member's points; the member after it, and the redemption. */
  redeem(
    request: { memberId: string; points: number; description: string },
    actor: string,
  ): Redeemed;
  start(): void;
  stop(): void;
}

/**
 * Loyalty wired from the station's parts (issue 10). Built before sync (the pull feeds the
 * members in its transaction); `connectivity` is asked only when a redemption is tried, so
 * sync may be made after this.
 */
export function createLoyalty(d: {
  db: Db;
  journal: JournalWriter & Pick<JournalReader, 'since'>;
  transact: Transact;
  clock: Clock;
  connectivity: () => Pick<Connectivity, 'offline'>;
  words: () => Translate;
  rules: EarnRules;
  /** The products members take for points, with this station's starting stock. */
  catalogue?: readonly CatalogueItem[];
  locale: string;
  log: Logger;
  /** Told, once committed, whose balances changed (the consoles' member panels look again). */
  changed?: (memberIds: string[]) => void;
}): Loyalty {
  const entries = new LoyaltyLedgerRepository(d.db);
  const memberRepo = new LoyaltyMemberRepository(d.db);
  const members = new LoyaltyMembers({
    members: memberRepo,
    ledger: entries,
    callingCode: callingCodeFor(d.locale),
  });
  const ledger = new LoyaltyLedger({
    entries,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    connectivity: { offline: () => d.connectivity().offline() },
    words: d.words,
  });
  const earning = new LoyaltyEarning({
    journal: d.journal,
    memory: new LoyaltyMemoryRepository(d.db),
    ledger,
    members,
    rules: d.rules,
    transact: d.transact,
    log: d.log,
    changed: d.changed,
  });
  const catalogue = new LoyaltyCatalogue({
    items: d.catalogue ?? [],
    stock: new LoyaltyStockRepository(d.db),
    ledger,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    words: d.words,
  });
  const memberOrRefuse = (memberId: string) => {
    const member = memberRepo.get(memberId);
    if (!member) throw new StationError('NOT_FOUND', `No member ${memberId} here.`);
    return member;
  };
  /** A redemption committed: the consoles are told; the member and the slip's facts. */
  const done = (
    member: LoyaltyMember,
    r: { id: string; description: string; points: number; at: number },
    actor: string,
  ): Redeemed => {
    d.changed?.([member.id]);
    const view = members.view(member);
    return {
      member: view,
      redemption: { ...r, memberName: member.name, balanceAfter: view.balance, operator: actor },
    };
  };
  return {
    members,
    ledger,
    products: () => catalogue.products(),
    redeemProduct(request, actor) {
      const member = memberOrRefuse(request.memberId);
      const redemption = catalogue.redeem(member.id, request.sku, actor);
      return done(member, redemption, actor);
    },
    earning,
    redeem(request, actor) {
      const member = memberOrRefuse(request.memberId);
      const entry = ledger.redeem({ ...request, actor });
      const redemption = {
        id: entry.sourceId,
        description: request.description,
        points: request.points,
        at: entry.at,
      };
      return done(member, redemption, actor);
    },
    forCheckout: {
      earnerFor(plate, sale) {
        const earner = earnerOf(members, d.rules, plate, sale);
        if (!earner) return null;
        const { member, points } = earner;
        return {
          memberId: member.id,
          memberName: member.name,
          points,
          balance: ledger.balance(member.id),
        };
      },
      earnedFor: (saleId) => entries.earnOf('fuelSale', saleId)?.points ?? null,
      offline: () => d.connectivity().offline(),
    },
    start: () => earning.start(EARNING_MS),
    stop: () => earning.stop(),
  };
}
