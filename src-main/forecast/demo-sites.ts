import type { CalendarDay } from '../../src-shared/domain/forecast';
import type { SiteShape } from './site-shape';

const holidays = (dates: string[], weight = 1): CalendarDay[] =>
  dates.map((date) => ({ date, kind: 'holiday', weight }));

/** A Gaussian bump over the year: `depth` < 0 is a dip (e.g. August), > 0 a peak. */
const bumpOfYear = (day: number, centre: number, width: number, depth: number): number =>
  depth * Math.exp(-((day - centre) ** 2) / (2 * width ** 2));

/**
 * The demo station: a city car park with a forecourt in Bucharest. Commuters make the weekday
 * peaks; Saturday is a late, broad shopping day, Sunday quiet; August and the days between
 * Christmas and New Year empty the city. Stadium nights bring evening traffic.
 */
export const CITY_STATION: SiteShape = {
  id: 'city-bucharest',
  name: 'City car park and forecourt (demo site)',
  timeZone: 'Europe/Bucharest',
  dailyArrivals: 900,
  shapes: {
    weekday: [
      { at: 8.2, width: 1.1, height: 1 },
      { at: 13, width: 2.5, height: 0.45 },
      { at: 17.8, width: 1.4, height: 0.85 },
    ],
    friday: [
      { at: 8.2, width: 1.1, height: 0.9 },
      { at: 13, width: 2.5, height: 0.55 },
      { at: 17.2, width: 2, height: 1 },
    ],
    saturday: [
      { at: 12.5, width: 3, height: 1 },
      { at: 19.5, width: 2, height: 0.35 },
    ],
    sunday: [
      { at: 13.5, width: 3.2, height: 1 },
      { at: 19, width: 1.5, height: 0.25 },
    ],
  },
  floor: 0.6,
  openHours: [0, 24],
  closedShare: 1,
  weekdayLevels: [0.96, 1, 1, 1.02, 1.08, 0.72, 0.5],
  season: (d) =>
    1 +
    0.04 * Math.sin((2 * Math.PI * (d - 80)) / 365) +
    bumpOfYear(d, 222, 11, -0.22) +
    bumpOfYear(d, 363, 4, -0.3) +
    bumpOfYear(d, 2, 3, -0.25),
  trendPerYear: 0.05,
  holidayLevel: 0.8,
  holidayShape: 'sunday',
  eveOfHolidayLevel: 0.9,
  rain: { workday: 0.06, restDay: -0.08 },
  heatPerDegree: -0.012,
  climate: { meanTempC: 12, yearlySwingC: 13, wetAfterDry: 0.22, wetAfterWet: 0.5 },
  events: { perYear: 14, hours: [17, 22], liftPerWeight: 0.45, name: 'stadium night' },
  incidents: { perYear: 4, level: [0.55, 0.85] },
  daySigma: 0.06,
  hourGammaShape: 30,
  publicHolidays: holidays([
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-01-02',
    '2026-01-06',
    '2026-01-07',
    '2026-01-24',
    '2026-04-10',
    '2026-04-12',
    '2026-04-13',
    '2026-05-01',
    '2026-05-31',
    '2026-06-01',
    '2026-08-15',
    '2026-11-30',
    '2026-12-01',
    '2026-12-25',
    '2026-12-26',
  ]),
};

/**
 * A differently shaped site: a shopping-centre garage in Berlin. Shops open 9–21 (9–22 on
 * Saturday, the big day), close on Sundays and holidays (a cinema keeps a trickle), half-close
 * on 24 and 31 December; Advent Saturdays swell, hot days empty it, rain fills it at weekends.
 */
export const MALL_GARAGE: SiteShape = {
  id: 'mall-berlin',
  name: 'Shopping-centre garage (generated second site)',
  timeZone: 'Europe/Berlin',
  dailyArrivals: 1400,
  shapes: {
    weekday: [
      { at: 12.5, width: 1.8, height: 0.6 },
      { at: 17.5, width: 2, height: 1 },
    ],
    friday: [
      { at: 12.5, width: 1.8, height: 0.55 },
      { at: 17, width: 2.4, height: 1 },
    ],
    saturday: [{ at: 14, width: 3.2, height: 1 }],
    sunday: [{ at: 19.5, width: 1.5, height: 1 }],
  },
  floor: 0.5,
  openHours: [8, 22],
  closedShare: 0.04,
  weekdayLevels: [0.9, 1, 1.02, 1.08, 1.25, 1.75, 0.08],
  season: (d) =>
    1 -
    0.06 * Math.sin((2 * Math.PI * (d - 110)) / 365) +
    bumpOfYear(d, 350, 14, 0.35) +
    bumpOfYear(d, 14, 8, -0.12),
  trendPerYear: -0.03,
  holidayLevel: 1,
  holidayShape: 'sunday',
  eveOfHolidayLevel: 1.2,
  rain: { workday: 0.04, restDay: 0.1 },
  heatPerDegree: -0.03,
  climate: { meanTempC: 10, yearlySwingC: 9.5, wetAfterDry: 0.28, wetAfterWet: 0.55 },
  events: { perYear: 10, hours: [10, 20], liftPerWeight: 0.3, name: 'promotion' },
  incidents: { perYear: 3, level: [0.6, 0.85] },
  daySigma: 0.07,
  hourGammaShape: 25,
  publicHolidays: [
    ...holidays([
      '2025-12-25',
      '2025-12-26',
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]),
    ...holidays(['2025-12-24', '2025-12-31', '2026-12-24', '2026-12-31'], 0.5),
  ],
};

export const GENERATED_SITES = [CITY_STATION, MALL_GARAGE];

/**
 * `npm start`'s demo booth (src-main/demo/demo-charts.ts): the city station at a quarter of its
 * size, about 225 cars a day, so each hour's count is noisier than the full site's.
 */
export const DEMO_STATION: SiteShape = {
  ...CITY_STATION,
  id: 'demo-city-x0.25',
  name: 'The demo booth (the city site at a quarter of its size)',
  dailyArrivals: CITY_STATION.dailyArrivals * 0.25,
};

/** The history the demo, the tests and the bench share: a year ending on Sunday 13 Dec 2026. */
export const DEMO_HISTORY = { from: '2025-12-15', weeks: 52 } as const;
