import type { OfflinePolicy } from './types';

/**
 * What a site's offline policy means at the lanes. It applies only while the operator's server
 * can't be reached; online (or with no server configured) every lane works as usual.
 * - allow-entry-exit: the lanes work as usual.
 * - exit-only: entries wait for the cashier (let in with a reason, or refuse).
 * - strict: as exit-only, and no car leaves without paying (no "unable to collect").
 */
export interface LaneConnectivity {
  offline: boolean;
  policy: OfflinePolicy;
}

/** An entry read opens no barrier by itself: the cashier decides. */
export function entriesHeld(c: LaneConnectivity): boolean {
  return c.offline && c.policy !== 'allow-entry-exit';
}

/** A car may be let out with money still due ("unable to collect"), with a reason. */
export function mayLetOutUnpaid(c: LaneConnectivity): boolean {
  return !(c.offline && c.policy === 'strict');
}
