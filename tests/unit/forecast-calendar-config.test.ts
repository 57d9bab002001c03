import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadStationConfig } from '../../src-main/app/config';
import { dayMarks } from '../../src-shared/domain/forecast';

/** The forecast's holidays and events come from station.json (the demo has Romania's). */
describe("the forecast's calendar in the station configuration", () => {
  it("gives the demo site Romania's public holidays, which the forecast marks", () => {
    const config = loadStationConfig({ dataDir: mkdtempSync(join(tmpdir(), 'cal-')) });
    const christmas = config.forecast.calendar.find((d) => d.date === '2026-12-25');
    assert.deepEqual(christmas, {
      date: '2026-12-25',
      kind: 'holiday',
      weight: 1,
      name: 'Christmas',
    });
    const marks = dayMarks(config.forecast.calendar);
    assert.equal(marks.holiday.get('2026-12-25'), 1, 'the forecast sees the day');
    assert.equal(marks.holiday.get('2026-12-23'), undefined);
  });

  it("takes a site's own days from station.json, and says what is wrong with a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    try {
      const calendar = [
        { date: '2026-12-12', kind: 'event', weight: 2, name: 'Derby' },
        { date: '2026-12-24', kind: 'holiday', weight: 0.5 },
      ];
      writeFileSync(join(dir, 'station.json'), JSON.stringify({ forecast: { calendar } }));
      assert.deepEqual(loadStationConfig({ dataDir: dir }).forecast.calendar, calendar);
      writeFileSync(
        join(dir, 'station.json'),
        JSON.stringify({ forecast: { calendar: [{ date: '12/24/2026', kind: 'holiday' }] } }),
      );
      assert.throws(
        () => loadStationConfig({ dataDir: dir }),
        /forecast\.calendar\.0\.date: a date as YYYY-MM-DD/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
