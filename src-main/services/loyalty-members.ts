import { createHash } from 'node:crypto';
import { normalizePlate, StationError } from '../../src-shared';
import { normalisePhone } from '../../src-shared/domain/loyalty';
import type {
  LoyaltyEntry,
  LoyaltyLedgerRepository,
} from '../db/repositories/loyalty-ledger-repository';
import type {
  LoyaltyMember,
  LoyaltyMemberRepository,
} from '../db/repositories/loyalty-member-repository';
import type { OperatorMembers } from '../sync/reference-applier';
import type { ChangeData } from '../sync/wire';

/** How the cashier names a member: the phone they say, the card or QR code scanned, a plate. */
export type MemberQuery = { by: 'phone' | 'code' | 'plate'; value: string };

/** A member as the cashier sees them. */
export interface MemberView extends LoyaltyMember {
  /** The station's ledger: the sum of the member's entries. */
  balance: number;
  /** The plates of the member's linked vehicles. */
  vehicles: string[];
  /** The latest ledger entries (their visits), newest first. */
  recent: LoyaltyEntry[];
}

const RECENT = 10;

/** The digest the operator sends for a phone in E.164 (api/openapi.yaml Member.phoneSha256). */
export const phoneDigest = (e164: string): string =>
  createHash('sha256').update(e164).digest('hex');

/**
 * The operator's members at this station: kept by the sync pull (as OperatorMembers, in the
 * pull's transaction) and looked up by phone, card or QR code, or the plate of a linked
 * vehicle. The phone is found by its digest, so the number itself never needs to be here.
 */
export class LoyaltyMembers implements OperatorMembers {
  constructor(
    private readonly d: {
      members: LoyaltyMemberRepository;
      ledger: Pick<LoyaltyLedgerRepository, 'balance' | 'recent'>;
      /** The site's calling code for national numbers ("40" in Romania), if known. */
      callingCode: string | null;
    },
  ) {}

  member(data: ChangeData['member'], at: number): void {
    const { id, name, tier } = data;
    this.d.members.putMember(
      { id, name, tier },
      { phoneSha256: data.phoneSha256 ?? null, codes: data.codes ?? [] },
      at,
    );
  }

  memberRemoved(id: string): void {
    this.d.members.removeMember(id);
  }

  vehicle(data: ChangeData['vehicle']): void {
    const checked = normalizePlate(data.plate);
    if (checked.ok) this.d.members.putVehicle(checked.plate, data.memberId);
  }

  vehicleRemoved(plate: string): void {
    const checked = normalizePlate(plate);
    if (checked.ok) this.d.members.putVehicle(checked.plate, null);
  }

  /** The members a plate leads to (a household may share a car). */
  byPlate(plate: string): LoyaltyMember[] {
    return this.d.members.byKey('plate', plate);
  }

  /** Finds members; bad input (not a phone, not a plate) is a clear INVALID_PAYLOAD. */
  identify(query: MemberQuery): MemberView[] {
    return this.find(query).map((m) => this.view(m));
  }

  view(member: LoyaltyMember): MemberView {
    return {
      ...member,
      balance: this.d.ledger.balance(member.id),
      vehicles: this.d.members.plates(member.id),
      recent: this.d.ledger.recent(member.id, RECENT),
    };
  }

  private find(query: MemberQuery): LoyaltyMember[] {
    const bad = (message: string) =>
      new StationError('INVALID_PAYLOAD', message, [{ path: 'value', message }]);
    switch (query.by) {
      case 'phone': {
        const e164 = normalisePhone(query.value, this.d.callingCode);
        if (!e164) throw bad(`"${query.value}" is not a phone number this station can read`);
        return this.d.members.byKey('phone', phoneDigest(e164));
      }
      case 'plate': {
        const checked = normalizePlate(query.value);
        if (!checked.ok) throw bad(checked.message);
        return this.d.members.byKey('plate', checked.plate);
      }
      case 'code':
        return this.d.members.byKey('code', query.value.trim());
    }
  }
}
