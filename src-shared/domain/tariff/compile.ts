import { buildDayLadder, type DayLadder } from './day-ladder';
import type { NightWindow } from './segments';
import { tariffSchema, type Tariff } from './types';
import { DAY_MS, MINUTE_MS, zoneClock, type ZoneClock } from './zone-clock';

/** Everything computeFee needs from a tariff, prepared once per tariff object. */
export interface CompiledTariff {
  ladder: DayLadder;
  /** null when there is no night rate or its window is empty (start === end). */
  window: NightWindow | null;
  clock: ZoneClock;
}

// Keyed by object identity: tariffs are treated as immutable values once handed to the engine.
const compiled = new WeakMap<Tariff, CompiledTariff>();

function hhmmToMs(text: string): number {
  const [h, m] = text.split(':');
  return (Number(h) * 60 + Number(m)) * MINUTE_MS;
}

/** Validates against the schema (once per object) so bad config fails loudly, not as NaN fees. */
export function compileTariff(tariff: Tariff): CompiledTariff {
  const hit = compiled.get(tariff);
  if (hit) return hit;
  const parsed = tariffSchema.safeParse(tariff);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RangeError(`Invalid tariff: ${first?.path.join('.')} ${first?.message}`);
  }
  let window: NightWindow | null = null;
  if (tariff.night && tariff.night.start !== tariff.night.end) {
    const startMs = hhmmToMs(tariff.night.start);
    const end = hhmmToMs(tariff.night.end);
    window = { startMs, endMs: end > startMs ? end : end + DAY_MS };
  }
  const made: CompiledTariff = {
    ladder: buildDayLadder(tariff.steps),
    window,
    clock: zoneClock(tariff.timeZone),
  };
  compiled.set(tariff, made);
  return made;
}
