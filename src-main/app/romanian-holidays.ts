/**
 * Romania's public holidays for 2026 and 2027: the demo site is a Bucharest car park, and its
 * forecast should know them. A real site lists its own in station.json's forecast.calendar.
 * Orthodox Easter falls on 12 April 2026 and 2 May 2027; Good Friday, Easter Monday and
 * Whit Monday (Easter + 50 days) move with it.
 */
const DATES: readonly [string, string][] = [
  ['2026-01-01', 'New Year'],
  ['2026-01-02', 'New Year'],
  ['2026-01-06', 'Epiphany'],
  ['2026-01-07', 'Saint John'],
  ['2026-01-24', 'Union Day'],
  ['2026-04-10', 'Good Friday'],
  ['2026-04-12', 'Easter'],
  ['2026-04-13', 'Easter Monday'],
  ['2026-05-01', 'Labour Day'],
  ['2026-05-31', 'Pentecost'],
  ['2026-06-01', "Whit Monday, Children's Day"],
  ['2026-08-15', 'Assumption'],
  ['2026-11-30', 'Saint Andrew'],
  ['2026-12-01', 'National Day'],
  ['2026-12-25', 'Christmas'],
  ['2026-12-26', 'Christmas'],
  ['2027-01-01', 'New Year'],
  ['2027-01-02', 'New Year'],
  ['2027-01-06', 'Epiphany'],
  ['2027-01-07', 'Saint John'],
  ['2027-01-24', 'Union Day'],
  ['2027-04-30', 'Good Friday'],
  ['2027-05-01', 'Labour Day'],
  ['2027-05-02', 'Easter'],
  ['2027-05-03', 'Easter Monday'],
  ['2027-06-01', "Children's Day"],
  ['2027-06-20', 'Pentecost'],
  ['2027-06-21', 'Whit Monday'],
  ['2027-08-15', 'Assumption'],
  ['2027-11-30', 'Saint Andrew'],
  ['2027-12-01', 'National Day'],
  ['2027-12-25', 'Christmas'],
  ['2027-12-26', 'Christmas'],
];

export const ROMANIAN_HOLIDAYS = DATES.map(([date, name]) => ({
  date,
  kind: 'holiday' as const,
  weight: 1,
  name,
}));
