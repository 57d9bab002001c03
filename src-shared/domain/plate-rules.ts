/**
 * What the operator's permits and plate lists, as last pulled, say about a plate at a lane. The
 * station applies the same rules online and offline: they read only the pulled records and the
 * time of the read.
 */

/** A permit as pulled: the plate parks free in its zones (none listed: every zone). */
export interface Permit {
  id: string;
  plate: string;
  kind: 'season' | 'staff' | 'resident' | 'contractor';
  zoneIds: string[];
  validFrom: number;
  validTo: number | null;
}

/** A plate list entry as pulled (keyed `list:plate` by the operator). */
export interface PlateListEntry {
  plate: string;
  list: 'whitelist' | 'blacklist';
  reason: string;
  validTo: number | null;
}

/** The key the operator gives a plate list entry. */
export const plateListKey = (e: Pick<PlateListEntry, 'list' | 'plate'>): string =>
  `${e.list}:${e.plate}`;

/** In force at `at`: from validFrom (if any) up to and including validTo (null: no end). */
const inForce = (at: number, validTo: number | null, validFrom = -Infinity): boolean =>
  validFrom <= at && (validTo === null || at <= validTo);

/**
 * The permit of `permits` that applies in `zoneId` at `at`: in force and for that zone (or for
 * all zones). Of several, the one that runs longest (no end first), then the lowest id, so the
 * choice never depends on the order records were pulled in.
 */
export function applicablePermit(
  permits: readonly Permit[],
  zoneId: string,
  at: number,
): Permit | null {
  const end = (p: Permit) => p.validTo ?? Infinity;
  return (
    permits
      .filter(
        (p) =>
          inForce(at, p.validTo, p.validFrom) &&
          (p.zoneIds.length === 0 || p.zoneIds.includes(zoneId)),
      )
      .sort((a, b) => end(b) - end(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0] ?? null
  );
}

/**
 * The plate list entry in force at `at`, if any. A plate both blacklisted and whitelisted is
 * blacklisted: the stricter list wins.
 */
export function applicableListEntry(
  entries: readonly PlateListEntry[],
  at: number,
): PlateListEntry | null {
  const live = entries.filter((e) => inForce(at, e.validTo));
  return (
    live.find((e) => e.list === 'blacklist') ?? live.find((e) => e.list === 'whitelist') ?? null
  );
}

/** Why a plate owes nothing for its stay: a permit, or the whitelist. */
export type PlateCover =
  | { source: 'permit'; id: string; kind: Permit['kind'] }
  | { source: 'whitelist'; id: string; kind: 'whitelist' };

/**
 * What covers a plate's stay, from the permit and list entry in force at one moment: a permit
 * for the zone first, else a whitelist entry; a blacklisted plate has no whitelist cover.
 *
 * The rule at the exit: a stay is covered when a permit (or whitelist entry) is in force at the
 * exit read; the car then owes nothing, however long it stayed. A permit that lapsed during the
 * stay covers nothing: the whole stay is charged by the tariff as usual.
 */
export function plateCover(
  permit: Permit | null,
  listEntry: PlateListEntry | null,
): PlateCover | null {
  if (permit) return { source: 'permit', id: permit.id, kind: permit.kind };
  if (listEntry?.list === 'whitelist') {
    return { source: 'whitelist', id: plateListKey(listEntry), kind: 'whitelist' };
  }
  return null;
}

/** "Season permit", "Staff permit", "Whitelisted": how the lane names a cover. */
export function describeCover(cover: PlateCover): string {
  if (cover.source === 'whitelist') return 'Whitelisted';
  return `${cover.kind[0]!.toUpperCase()}${cover.kind.slice(1)} permit`;
}

/**
 * Whether a plate read is sure enough for the station to act on by itself (open a gate, attach
 * a fuel sale to a vehicle): a plate that is well formed, and typed by a person or read by the
 * camera at `minConfidence` or better. Anything less asks the cashier.
 */
export function readIsConfident(
  read: { wellFormed: boolean; source: 'camera' | 'manual'; confidence: number },
  minConfidence: number,
): boolean {
  return read.wellFormed && (read.source !== 'camera' || read.confidence >= minConfidence);
}
