import type { Db } from '../db/database';
import { CouponRepository } from '../db/repositories/coupon-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { CouponGateway } from '../services/coupon-gateway';
import { CouponRedemptions } from '../services/coupon-redemptions';
import type { Transact } from '../services/ports';
import type { Connectivity } from '../sync/sync-service';

/** Coupons wired from the station's parts (issue 10): redeemed through the operator's server. */
export function createCoupons(d: {
  db: Db;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  sync: Pick<Connectivity, 'offline'> & { coupons: CouponGateway | null };
}): CouponRedemptions {
  return new CouponRedemptions({
    gateway: d.sync.coupons,
    coupons: new CouponRepository(d.db),
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    connectivity: d.sync,
  });
}
