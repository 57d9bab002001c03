import {
  HOUR_MS,
  localHour,
  type CalendarDay,
  type ForecastSite,
  type HourlyCount,
} from '../../src-shared/domain/forecast';
import { DAY_MS, zoneClock } from '../../src-shared/domain/tariff/zone-clock';
import { generateWeather } from './generated-weather';
import { SeededRandom } from './seeded-random';
import type { Bump, DayShapeName, SiteShape } from './site-shape';

/** A generated history: demo data, always marked so it never mixes with a real site's. */
export interface GeneratedHistory {
  demo: true;
  shape: string;
  seed: number;
  series: HourlyCount[];
  site: ForecastSite;
}

interface LocalDay {
  date: string;
  weekday: number;
  dayOfYear: number;
  hours: { hourStart: number; hour: number }[];
}

/**
 * Hourly arrivals for `weeks` weeks of local days from `from` (YYYY-MM-DD): each day's level
 * from its weekday, season, trend, calendar, incidents and an unexplained daily factor; spread
 * over the day's curve; moved by the hour's rain and heat; drawn gamma-Poisson.
 */
export function generateStationHistory(
  shape: SiteShape,
  seed: number,
  from: string,
  weeks: number,
): GeneratedHistory {
  const rnd = new SeededRandom(seed);
  const days = localDays(shape.timeZone, from, weeks * 7);
  const weather = generateWeather(rnd, shape.climate, days);
  const weatherAt = new Map(weather.map((w) => [w.hourStart, w]));
  const holidays = new Map(shape.publicHolidays.map((h) => [h.date, h.weight ?? 1]));
  const events: CalendarDay[] = [];
  const series: HourlyCount[] = [];

  days.forEach((day, index) => {
    const holiday = holidays.get(day.date) ?? 0;
    const next = days[index + 1];
    const eve = holiday === 0 && day.weekday < 5 && next && (holidays.get(next.date) ?? 0) >= 1;
    const curveName: DayShapeName = holiday >= 1 ? shape.holidayShape : shapeOf(day.weekday);
    let level =
      shape.dailyArrivals *
      shape.season(day.dayOfYear) *
      Math.pow(1 + shape.trendPerYear, index / 365) *
      Math.exp(shape.daySigma * rnd.normal());
    level *=
      holiday >= 1
        ? shape.weekdayLevels[6]! * shape.holidayLevel
        : shape.weekdayLevels[day.weekday]!;
    if (eve) level *= shape.eveOfHolidayLevel;
    if (rnd.uniform() < shape.incidents.perYear / 365) {
      level *= rnd.between(...shape.incidents.level);
    }
    let eventLift = 0;
    if (holiday === 0 && rnd.uniform() < shape.events.perYear / 365) {
      const weight = rnd.pick([0.5, 1, 1, 1, 1.5, 2]);
      events.push({ date: day.date, kind: 'event', weight, name: shape.events.name });
      eventLift = shape.events.liftPerWeight * weight * rnd.between(0.6, 1.4);
    }
    const curve = dayCurve(shape, shape.shapes[curveName]);
    const restDay = day.weekday >= 5 || holiday >= 1;
    for (const { hourStart, hour } of day.hours) {
      let mean = level * curve[hour]!;
      // A half holiday (24 and 31 December): open in the morning, shut from 14:00.
      if (holiday > 0 && holiday < 1) mean *= hour < 14 ? 1.2 : 0.1;
      const [evFrom, evTo] = shape.events.hours;
      if (eventLift > 0 && hour >= evFrom && hour < evTo) mean *= 1 + eventLift;
      const w = weatherAt.get(hourStart)!;
      if (w.rainMm > 0.2) mean *= 1 + (restDay ? shape.rain.restDay : shape.rain.workday);
      if (w.tempC > 28) mean *= Math.max(0.5, 1 + shape.heatPerDegree * (w.tempC - 28));
      const g = rnd.gamma(shape.hourGammaShape, 1 / shape.hourGammaShape);
      series.push({ hourStart, count: rnd.poisson(mean * g) });
    }
  });

  const dates = new Set(days.map((d) => d.date));
  const calendar = [...shape.publicHolidays.filter((h) => dates.has(h.date)), ...events];
  return {
    demo: true,
    shape: shape.id,
    seed,
    series,
    site: { timeZone: shape.timeZone, calendar, weather },
  };
}

const shapeOf = (weekday: number): DayShapeName =>
  weekday === 6 ? 'sunday' : weekday === 5 ? 'saturday' : weekday === 4 ? 'friday' : 'weekday';

/** Share of the day's arrivals in each local hour 0..23 (sums to 1). */
function dayCurve(shape: SiteShape, bumps: readonly Bump[]): number[] {
  const raw = Array.from({ length: 24 }, (_, hour) => {
    const mid = hour + 0.5;
    let v = shape.floor / 24;
    for (const b of bumps) v += b.height * Math.exp(-((mid - b.at) ** 2) / (2 * b.width ** 2));
    const [open, close] = shape.openHours;
    return hour >= open && hour < close ? v : v * shape.closedShare;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

/** Each local day's UTC hours, starting at local midnight of `from`. */
function localDays(timeZone: string, from: string, count: number): LocalDay[] {
  const clock = zoneClock(timeZone);
  const wall = Date.parse(`${from}T00:00:00Z`);
  const start = wall - clock.offsetAt(wall - clock.offsetAt(wall));
  const days: LocalDay[] = [];
  for (let t = start; ; t += HOUR_MS) {
    const local = localHour(timeZone, t);
    let day = days[days.length - 1];
    if (!day || day.date !== local.date) {
      if (days.length === count) break;
      const jan1 = Date.parse(`${local.date.slice(0, 4)}-01-01T00:00:00Z`) / DAY_MS;
      day = {
        date: local.date,
        weekday: local.weekday,
        dayOfYear: local.localDay - jan1 + 1,
        hours: [],
      };
      days.push(day);
    }
    day.hours.push({ hourStart: t, hour: local.hour });
  }
  return days;
}
