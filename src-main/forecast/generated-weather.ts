import type { WeatherHour } from '../../src-shared/domain/forecast';
import type { SeededRandom } from './seeded-random';

/** A site's climate: yearly mean temperature and swing, and how often wet days come. */
export interface Climate {
  meanTempC: number;
  yearlySwingC: number;
  /** Chance a dry day is followed by a wet one, and a wet day by another wet one. */
  wetAfterDry: number;
  wetAfterWet: number;
}

/**
 * Hourly weather for a run of local days: a seasonal temperature with persistent day-to-day
 * anomalies (AR(1)) and a daily cycle; rain in spells on wet days, clustered by a Markov chain.
 */
export function generateWeather(
  rnd: SeededRandom,
  climate: Climate,
  days: readonly { dayOfYear: number; hours: readonly { hourStart: number; hour: number }[] }[],
): WeatherHour[] {
  const out: WeatherHour[] = [];
  let anomaly = 0;
  let wet = false;
  for (const day of days) {
    anomaly = 0.7 * anomaly + 2.2 * rnd.normal();
    wet = rnd.uniform() < (wet ? climate.wetAfterWet : climate.wetAfterDry);
    const seasonal =
      climate.meanTempC +
      climate.yearlySwingC * Math.sin((2 * Math.PI * (day.dayOfYear - 110)) / 365);
    const spellStart = Math.floor(rnd.between(0, 20));
    const spellEnd = spellStart + Math.floor(rnd.between(2, 9));
    const intensity = rnd.gamma(1.5, 1.1);
    for (const { hourStart, hour } of day.hours) {
      const raining = wet && hour >= spellStart && hour < spellEnd;
      out.push({
        hourStart,
        tempC: seasonal + anomaly + 4 * Math.sin((2 * Math.PI * (hour - 9)) / 24),
        rainMm: raining ? intensity * rnd.between(0.3, 1.7) : 0,
      });
    }
  }
  return out;
}
