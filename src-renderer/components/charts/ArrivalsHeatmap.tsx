import type { DemandCharts } from '../../../src-shared/contract/charts';
import { useFormat, useT } from '../../stores/i18n-store';

const CELL_W = 26;
const CELL_H = 22;
const LEFT = 44;
const TOP = 18;

/** Monday … Sunday in the site's language (1 January 2024 was a Monday). */
function weekdayNames(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(Date.UTC(2024, 0, 1 + i)));
}

/**
 * Arrivals per weekday × hour as an SVG grid (recharts has no heatmap): darker is busier. Its
 * own SVG, so the PNG export draws it like the others.
 */
export function ArrivalsHeatmap({ cells }: { cells: DemandCharts['arrivalsHeatmap'] }) {
  const t = useT();
  const format = useFormat();
  const max = Math.max(1, ...cells.map((c) => c.arrivals));
  const days = weekdayNames(format.locale);
  const width = LEFT + 24 * CELL_W;
  const height = TOP + 7 * CELL_H;
  return (
    <svg
      data-chart="heatmap"
      role="img"
      aria-label={t('charts.heatmapSummary', { max: format.number(max) })}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="xMinYMin meet"
      fontSize={11}
    >
      {Array.from({ length: 24 }, (_, hour) =>
        hour % 3 === 0 ? (
          <text
            key={hour}
            x={LEFT + hour * CELL_W + CELL_W / 2}
            y={12}
            fill="#9aa4b5"
            textAnchor="middle"
          >
            {String(hour).padStart(2, '0')}
          </text>
        ) : null,
      )}
      {days.map((name, d) => (
        <text
          key={name}
          x={LEFT - 6}
          y={TOP + d * CELL_H + CELL_H / 2 + 4}
          fill="#9aa4b5"
          textAnchor="end"
        >
          {name}
        </text>
      ))}
      {cells.map((c) => {
        const share = c.arrivals / max;
        return (
          <rect
            key={c.weekday * 24 + c.hour}
            x={LEFT + c.hour * CELL_W + 1}
            y={TOP + c.weekday * CELL_H + 1}
            width={CELL_W - 2}
            height={CELL_H - 2}
            fill={`rgba(77, 163, 255, ${0.08 + 0.92 * share})`}
          >
            <title>{`${days[c.weekday]} ${String(c.hour).padStart(2, '0')}:00 — ${format.number(c.arrivals)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
