import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localHour, type HourlyCount } from '../../../src-shared/domain/forecast';
import { CITY_STATION, DEMO_HISTORY, MALL_GARAGE } from '../../../src-main/forecast/demo-sites';
import { generateStationHistory } from '../../../src-main/forecast/station-history';

const city = generateStationHistory(CITY_STATION, 2026, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
const mall = generateStationHistory(MALL_GARAGE, 2026, DEMO_HISTORY.from, DEMO_HISTORY.weeks);

/** Mean count per local (weekday, hour), ordinary days only. */
function meanBy(
  series: readonly HourlyCount[],
  timeZone: string,
  skip: ReadonlySet<string>,
  pick: (weekday: number, hour: number) => boolean,
): number {
  let sum = 0;
  let n = 0;
  for (const p of series) {
    const h = localHour(timeZone, p.hourStart);
    if (skip.has(h.date) || !pick(h.weekday, h.hour)) continue;
    sum += p.count;
    n++;
  }
  return sum / n;
}

const marked = (h: typeof city): Set<string> => new Set(h.site.calendar.map((d) => d.date));

describe('generated station histories', () => {
  it('are reproducible from their seed, marked as demo, and differ between seeds', () => {
    const again = generateStationHistory(CITY_STATION, 2026, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
    assert.deepEqual(again, city);
    assert.equal(city.demo, true);
    const other = generateStationHistory(CITY_STATION, 2027, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
    assert.notDeepEqual(other.series, city.series);
  });

  it('cover whole local weeks, hour by hour, with weather for every hour', () => {
    for (const h of [city, mall]) {
      assert.equal(h.series.length, DEMO_HISTORY.weeks * 168, 'a 23 h and a 25 h day cancel');
      assert.equal(h.site.weather?.length, h.series.length);
      h.series.forEach(
        (p, i) => i > 0 && assert.equal(p.hourStart - h.series[i - 1]!.hourStart, 3_600_000),
      );
      assert.ok(h.site.calendar.some((d) => d.kind === 'event'));
    }
  });

  it('give the city site commuter peaks and a quiet Sunday', () => {
    const skip = marked(city);
    const rush = meanBy(city.series, city.site.timeZone, skip, (d, h) => d < 5 && h === 8);
    const night = meanBy(city.series, city.site.timeZone, skip, (d, h) => d < 5 && h === 3);
    const sundayRush = meanBy(city.series, city.site.timeZone, skip, (d, h) => d === 6 && h === 8);
    assert.ok(rush > 5 * night, `${rush} vs ${night}`);
    assert.ok(rush > 3 * sundayRush, `${rush} vs ${sundayRush}`);
  });

  it('give the mall a big Saturday, shut Sundays and near-empty nights', () => {
    const skip = marked(mall);
    const tz = mall.site.timeZone;
    const saturday = meanBy(mall.series, tz, skip, (d) => d === 5);
    const tuesday = meanBy(mall.series, tz, skip, (d) => d === 1);
    const sunday = meanBy(mall.series, tz, skip, (d) => d === 6);
    const night = meanBy(mall.series, tz, skip, (_, h) => h < 7);
    assert.ok(saturday > 1.4 * tuesday, `${saturday} vs ${tuesday}`);
    assert.ok(sunday < 0.2 * tuesday, `${sunday} vs ${tuesday}`);
    assert.ok(night < 0.1 * tuesday, `${night} vs ${tuesday}`);
  });

  it('make public holidays quieter than the same weekday otherwise', () => {
    const tz = city.site.timeZone;
    const holidays = new Set(
      city.site.calendar.filter((d) => d.kind === 'holiday').map((d) => d.date),
    );
    const onHolidays = city.series.filter((p) => {
      const h = localHour(tz, p.hourStart);
      return holidays.has(h.date) && h.weekday < 5;
    });
    const holidayMean = onHolidays.reduce((a, p) => a + p.count, 0) / onHolidays.length;
    const workdayMean = meanBy(city.series, tz, marked(city), (d) => d < 5);
    assert.ok(holidayMean < 0.7 * workdayMean, `${holidayMean} vs ${workdayMean}`);
  });
});
