import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { siteHhMm, siteTimeOnDayOf } from '../../src-renderer/wall-time';

/** The booth's New booking form turns "HH:MM" today on the site's clock into an instant. */
describe('site wall time', () => {
  const zone = 'Europe/Bucharest';

  it("gives the instant of a time on the site's day, whatever the console's zone", () => {
    const near = Date.parse('2026-11-27T21:30:00Z'); // 23:30 in Bucharest (UTC+2)
    assert.equal(siteTimeOnDayOf(zone, near, '08:15'), Date.parse('2026-11-27T06:15:00Z'));
    assert.equal(siteTimeOnDayOf(zone, near, '23:59'), Date.parse('2026-11-27T21:59:00Z'));
    // 00:30 UTC on the 28th is already the 28th in Bucharest.
    const after = Date.parse('2026-11-27T22:30:00Z');
    assert.equal(siteTimeOnDayOf(zone, after, '09:00'), Date.parse('2026-11-28T07:00:00Z'));
    assert.equal(siteHhMm(zone, near), '23:30');
  });

  it('uses the offset in force at the time asked, on the day the clocks change', () => {
    const morning = Date.parse('2026-03-29T00:30:00Z'); // 02:30 EET; at 03:00 it becomes 04:00 EEST
    assert.equal(siteTimeOnDayOf(zone, morning, '10:00'), Date.parse('2026-03-29T07:00:00Z'));
    assert.equal(siteTimeOnDayOf(zone, morning, '01:00'), Date.parse('2026-03-28T23:00:00Z'));
  });

  it('refuses what is not a time', () => {
    for (const text of ['', '7', '24:00', '12:60', 'noon', '12:5']) {
      assert.equal(siteTimeOnDayOf(zone, Date.now(), text), null, text);
    }
  });

  it('round-trips every five minutes of a day', () => {
    const near = Date.parse('2026-07-01T12:00:00Z');
    for (let m = 0; m < 24 * 60; m += 5) {
      const text = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      assert.equal(siteHhMm(zone, siteTimeOnDayOf(zone, near, text)!), text);
    }
  });
});
