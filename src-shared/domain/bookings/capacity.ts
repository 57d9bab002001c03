import { heldInterval } from './timing';
import {
  DAY,
  MINUTE,
  type Booking,
  type BookingRules,
  type ResourceConfig,
  type ResourceRef,
  type WalkInRule,
} from './types';

/**
 * Capacity per slot and resource, with walk-in capacity kept free by rule. A booking holds
 * every slot its held interval (timing.ts heldInterval) touches. In each such slot:
 * - its resource serves at most `capacity` bookings at once;
 * - each walk-in rule in force then (see WalkInRule) leaves `keepFree` of its resources'
 *   capacity unbooked.
 * Bookings from the operator's app were accepted by the operator and are never refused here,
 * but they count against what the booth may still book.
 */
export interface CapacitySite {
  resources: readonly ResourceConfig[];
  walkIn: readonly WalkInRule[];
  rules: BookingRules;
  /** The site's wall clock: local time at `t`, as milliseconds since 1970-01-01 00:00 local. */
  wallAt: (t: number) => number;
}

type Held = Pick<Booking, 'resource' | 'startsAt' | 'durationMinutes' | 'lateUntil' | 'status'>;

/** The starts of the slots [from, to) touches. */
export function slotStarts(from: number, to: number, slotMinutes: number): number[] {
  const slot = slotMinutes * MINUTE;
  const out: number[] = [];
  for (let s = Math.floor(from / slot) * slot; s < to; s += slot) out.push(s);
  return out;
}

/** Whether a rule is in force in the slot starting at `t` (local time of day and weekday). */
export function ruleApplies(rule: WalkInRule, t: number, wallAt: (t: number) => number): boolean {
  const wall = wallAt(t);
  const day = Math.floor(wall / DAY);
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  if (rule.days && !rule.days.includes(weekday)) return false;
  if (rule.from === undefined || rule.to === undefined) return true;
  const minute = Math.floor((wall - day * DAY) / MINUTE);
  const [from, to] = [toMinutes(rule.from), toMinutes(rule.to)];
  if (from === to) return true;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The resources a walk-in rule covers. */
export function ruleResources(
  rule: WalkInRule,
  resources: readonly ResourceConfig[],
): ResourceConfig[] {
  return resources.filter((r) =>
    rule.kind !== undefined ? r.kind === rule.kind : (rule.resourceIds ?? []).includes(r.id),
  );
}

/** One limit that applies to a slot: a resource's own capacity, or a walk-in rule's. */
export interface SlotLimit {
  slotStart: number;
  /** Bookings the limit allows at once in this slot. */
  limit: number;
  /** Bookings already holding it. */
  booked: number;
  /** Capacity kept for walk-ins by the rule (0 for a resource's own limit). */
  keptFree: number;
  rule: WalkInRule | null;
  resourceIds: string[];
}

function overlaps(b: Held, rules: BookingRules, from: number, to: number): boolean {
  const held = heldInterval(b, rules);
  return held !== null && held.from < to && held.to > from;
}

/** Every limit on `resource` in the slot starting at `slotStart`, with what already holds it. */
export function slotLimits(
  resource: ResourceRef,
  slotStart: number,
  existing: readonly Held[],
  site: CapacitySite,
): SlotLimit[] {
  const own = site.resources.find((r) => r.id === resource.id && r.kind === resource.kind);
  if (!own) return [];
  const slotEnd = slotStart + site.rules.slotMinutes * MINUTE;
  const inSlot = existing.filter((b) => overlaps(b, site.rules, slotStart, slotEnd));
  const on = (ids: Set<string>) => inSlot.filter((b) => ids.has(b.resource.id)).length;
  const limits: SlotLimit[] = [
    {
      slotStart,
      limit: own.capacity,
      booked: on(new Set([own.id])),
      keptFree: 0,
      rule: null,
      resourceIds: [own.id],
    },
  ];
  for (const rule of site.walkIn) {
    const covered = ruleResources(rule, site.resources);
    if (!covered.some((r) => r.id === own.id) || !ruleApplies(rule, slotStart, site.wallAt))
      continue;
    const total = covered.reduce((sum, r) => sum + r.capacity, 0);
    const ids = new Set(covered.map((r) => r.id));
    limits.push({
      slotStart,
      limit: Math.max(0, total - rule.keepFree),
      booked: on(ids),
      keptFree: Math.min(total, rule.keepFree),
      rule,
      resourceIds: [...ids],
    });
  }
  return limits;
}

/** How many more bookings `resource` takes in the slot starting at `slotStart`. */
export function freeInSlot(
  resource: ResourceRef,
  slotStart: number,
  existing: readonly Held[],
  site: CapacitySite,
): number {
  const limits = slotLimits(resource, slotStart, existing, site);
  if (limits.length === 0) return 0;
  return Math.max(0, Math.min(...limits.map((l) => l.limit - l.booked)));
}

export type CapacityCheck =
  | { ok: true }
  | { ok: false; reason: 'unknown-resource'; message: string }
  | { ok: false; reason: 'full'; full: SlotLimit; message: string };

/**
 * Whether `candidate` fits beside `existing` (which must not contain it). `label` formats a
 * time for the message.
 */
export function checkCapacity(
  candidate: Held,
  existing: readonly Held[],
  site: CapacitySite,
  label: (t: number) => string,
): CapacityCheck {
  const resource = site.resources.find(
    (r) => r.id === candidate.resource.id && r.kind === candidate.resource.kind,
  );
  if (!resource) {
    return {
      ok: false,
      reason: 'unknown-resource',
      message: `No ${candidate.resource.kind} ${candidate.resource.id} takes bookings here.`,
    };
  }
  const held = heldInterval({ ...candidate, status: 'booked' }, site.rules)!;
  for (const slotStart of slotStarts(held.from, held.to, site.rules.slotMinutes)) {
    for (const l of slotLimits(candidate.resource, slotStart, existing, site)) {
      if (l.booked + 1 <= l.limit) continue;
      const why =
        l.rule === null
          ? `${resource.name} is fully booked at ${label(slotStart)} (${l.limit} at once)`
          : `${l.booked} of ${l.limit} bookable at ${label(slotStart)} are taken: ${l.keptFree} kept free for walk-ins`;
      return {
        ok: false,
        reason: 'full',
        full: l,
        message: `${why}. Pick another time or resource.`,
      };
    }
  }
  return { ok: true };
}
