import type { Db } from '../database';

export type MemberKeyKind = 'plate' | 'phone' | 'code';

export interface LoyaltyMember {
  id: string;
  name: string;
  tier: string;
}

/**
 * The operator's members as the station looks them up (migration 19): by the plate of a
 * linked vehicle, the phone's digest, or a member card / QR code, each an indexed key. Written
 * only by the sync pull's applier (the operator owns members); read by the loyalty service.
 */
export class LoyaltyMemberRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      upsert: db.prepare(`INSERT INTO loyalty_members (id, name, tier, changed_at)
        VALUES (@id, @name, @tier, @at) ON CONFLICT (id) DO UPDATE SET name = excluded.name,
        tier = excluded.tier, changed_at = excluded.changed_at`),
      remove: db.prepare('DELETE FROM loyalty_members WHERE id = ?'),
      dropOwnKeys: db.prepare(
        `DELETE FROM loyalty_member_keys WHERE member_id = ? AND kind IN ('phone', 'code')`,
      ),
      dropAllKeys: db.prepare('DELETE FROM loyalty_member_keys WHERE member_id = ?'),
      dropPlate: db.prepare(`DELETE FROM loyalty_member_keys WHERE kind = 'plate' AND value = ?`),
      addKey: db.prepare(
        'INSERT OR IGNORE INTO loyalty_member_keys (kind, value, member_id) VALUES (?, ?, ?)',
      ),
      byKey: db.prepare(`SELECT m.id, m.name, m.tier FROM loyalty_member_keys k
        JOIN loyalty_members m ON m.id = k.member_id WHERE k.kind = ? AND k.value = ?
        ORDER BY m.id`),
      get: db.prepare('SELECT id, name, tier FROM loyalty_members WHERE id = ?'),
      plates: db
        .prepare(
          `SELECT value FROM loyalty_member_keys WHERE member_id = ? AND kind = 'plate'
           ORDER BY value`,
        )
        .pluck(),
    };
  }

  /** A member from the operator, with its phone digest and codes (replacing the ones before). */
  putMember(
    member: LoyaltyMember,
    keys: { phoneSha256: string | null; codes: string[] },
    at: number,
  ): void {
    this.stmts.upsert.run({ ...member, at });
    this.stmts.dropOwnKeys.run(member.id);
    if (keys.phoneSha256) this.stmts.addKey.run('phone', keys.phoneSha256, member.id);
    for (const code of keys.codes) this.stmts.addKey.run('code', code, member.id);
  }

  removeMember(id: string): void {
    this.stmts.remove.run(id);
    this.stmts.dropAllKeys.run(id);
  }

  /** A vehicle from the operator: its plate now leads to `memberId` (or to nobody). */
  putVehicle(plate: string, memberId: string | null): void {
    this.stmts.dropPlate.run(plate);
    if (memberId) this.stmts.addKey.run('plate', plate, memberId);
  }

  /** Members with this key (a plate may be shared by a household's members). */
  byKey(kind: MemberKeyKind, value: string): LoyaltyMember[] {
    return this.stmts.byKey.all(kind, value) as LoyaltyMember[];
  }

  get(id: string): LoyaltyMember | null {
    return (this.stmts.get.get(id) as LoyaltyMember | undefined) ?? null;
  }

  /** The plates of the member's linked vehicles. */
  plates(memberId: string): string[] {
    return this.stmts.plates.all(memberId) as string[];
  }
}
