import type { Harness as Server } from '../../reference-server/support/harness';
import type { Harness as Station } from '../../../support/station-harness';

export interface RacingStation {
  h: Station;
  stationId: string;
}

export interface RaceTally {
  races: number;
  /** Races where exactly one station redeemed and the other was refused as used. */
  exactlyOneWinner: number;
  /** Races the server agrees with: taken by the winner, one refusal as used, nothing else. */
  serverAgrees: number;
  winsByStation: [number, number];
  /** Every race that went otherwise, for the failure message. */
  odd: string[];
}

/**
 * Two stations race for one coupon, `races` times: for each race the operator issues a fresh
 * coupon, both cashiers redeem it at once, and the answers and the server's record are read.
 */
export async function raceForCoupons(
  server: Server,
  stations: [RacingStation, RacingStation],
  races: number,
): Promise<RaceTally> {
  const tally: RaceTally = {
    races,
    exactlyOneWinner: 0,
    serverAgrees: 0,
    winsByStation: [0, 0],
    odd: [],
  };
  for (let i = 0; i < races; i++) {
    const issued = await server.admin.post('/admin/coupons', {
      description: 'Free car wash',
      validForMs: 10 * 60_000,
    });
    if (issued.status !== 200) throw new Error(`issue failed: ${JSON.stringify(issued.data)}`);
    const code = issued.data.code as string;
    // Both calls are in flight at once; which one is sent first alternates, so neither station
    // wins by always being first out of this loop.
    const first = i % 2;
    const calls: Promise<unknown>[] = [];
    calls[first] = stations[first]!.h.call('coupons:redeem', { code });
    calls[1 - first] = stations[1 - first]!.h.call('coupons:redeem', { code });
    const answers = await Promise.allSettled(calls);
    const won = answers.flatMap((a, n) => (a.status === 'fulfilled' ? [n] : []));
    const usedRefusals = answers.filter(
      (a) => a.status === 'rejected' && /redeemed already/.test(String(a.reason)),
    ).length;
    const winnerAt = won.length === 1 ? won[0]! : null;
    if (winnerAt !== null && usedRefusals === 1) {
      tally.exactlyOneWinner++;
      tally.winsByStation[winnerAt as 0 | 1]++;
    } else {
      tally.odd.push(
        `${code}: ${answers.map((a) => a.status + ' ' + String(a.status === 'rejected' ? a.reason : '')).join(' | ')}`,
      );
    }
    const standing = await server.admin.get(`/admin/coupons/${code}`);
    const r = standing.data.refusals as Record<string, number>;
    const refusedTimes = Object.values(r).reduce((s, n) => s + n, 0);
    const winner = winnerAt === null ? null : stations[winnerAt as 0 | 1].stationId;
    if (standing.data.coupon.redeemedBy === winner && r.used === 1 && refusedTimes === 1) {
      tally.serverAgrees++;
    }
  }
  return tally;
}
