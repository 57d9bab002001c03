import type { JournalDraft } from '../../src-shared';
import { CITY_STATION } from '../../src-main/forecast/demo-sites';
import { generateStationHistory } from '../../src-main/forecast/station-history';
import { demandStream, type TimedDraft } from '../../src-main/demo/demand-stream';

/**
 * The demo site's generated arrivals (src-main/forecast, the forecast's own generator) as the
 * journal would hold them: one session.opened per arrival, spread over its hour, in `zoneId`.
 * `scale` thins the city's ~900 cars a day for tests that append through a real journal.
 */
export function cityArrivals(opts: {
  seed: number;
  from: string;
  weeks: number;
  zoneId: string;
  scale: number;
}): TimedDraft[] {
  const shape = { ...CITY_STATION, dailyArrivals: CITY_STATION.dailyArrivals * opts.scale };
  const history = generateStationHistory(shape, opts.seed, opts.from, opts.weeks);
  const out: TimedDraft[] = [];
  let n = 0;
  for (const { hourStart, count } of history.series) {
    for (let i = 0; i < count; i++) {
      const at = hourStart + Math.floor(((i + 0.5) / count) * 3_600_000);
      const draft: JournalDraft = {
        type: 'session.opened',
        aggregateId: `H${opts.seed}-${++n}`,
        actor: 'station',
        payload: {
          plate: `B${n % 1000}DEM`,
          zoneId: opts.zoneId,
          laneId: 'entry-1',
          entryAt: at,
          photoId: null,
          continuesSessionId: null,
          lostTicket: false,
          coveredBy: null,
        },
      };
      out.push({ draft, at });
    }
  }
  return out;
}

/**
 * The demo site's generated arrivals as whole stays (src-main/demo/demand-stream.ts: each stay
 * opens at entry-1, is paid and closes at exit-1 an hour or two later), `scale` of the city's
 * ~900 cars a day, from the local date `from` for `weeks`. A station's own history, in time order.
 */
export function cityStays(opts: {
  seed: number;
  from: string;
  weeks: number;
  zoneId: string;
  scale: number;
}): TimedDraft[] {
  const shape = { ...CITY_STATION, dailyArrivals: CITY_STATION.dailyArrivals * opts.scale };
  const history = generateStationHistory(shape, opts.seed, opts.from, opts.weeks);
  return [
    ...demandStream({
      seed: opts.seed,
      from: history.series[0]!.hourStart,
      hours: history.series.length,
      arrivalsPerHour: 0,
      zones: [opts.zoneId],
      arrivalCounts: new Map(history.series.map((h) => [h.hourStart, h.count])),
    }),
  ];
}
