import { useChartsStore, type ChartFilter } from '../../stores/charts-store';
import { useT } from '../../stores/i18n-store';

const valueOf = (f: ChartFilter): string =>
  f.kind === 'zone' ? `zone:${f.zoneId}` : f.kind === 'pump' ? `pump:${f.pump}` : 'all';

function parse(value: string): ChartFilter {
  if (value.startsWith('zone:')) return { kind: 'zone', zoneId: value.slice(5) };
  if (value.startsWith('pump:')) return { kind: 'pump', pump: Number(value.slice(5)) };
  return { kind: 'all' };
}

/** The whole site, one zone or one pump: a native select, so keys and touch both work. */
export function ChartFilters({
  zones,
  pumps,
}: {
  zones: readonly string[];
  pumps: readonly number[];
}) {
  const t = useT();
  const filter = useChartsStore((s) => s.filter);
  const setFilter = useChartsStore((s) => s.setFilter);
  return (
    <label className="field">
      <span>{t('charts.filter')}</span>
      <select value={valueOf(filter)} onChange={(e) => setFilter(parse(e.target.value))}>
        <option value="all">{t('charts.wholeSite')}</option>
        {zones.length > 0 && (
          <optgroup label={t('charts.zones')}>
            {zones.map((z) => (
              <option key={z} value={`zone:${z}`}>
                {t('charts.zone', { zone: z })}
              </option>
            ))}
          </optgroup>
        )}
        {pumps.length > 0 && (
          <optgroup label={t('charts.pumps')}>
            {pumps.map((p) => (
              <option key={p} value={`pump:${p}`}>
                {t('charts.pump', { pump: p })}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
