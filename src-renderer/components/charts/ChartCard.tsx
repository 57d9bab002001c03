import { useRef, useState, type ReactNode } from 'react';
import { downloadCsv, downloadPng, type CsvRow } from '../../charts-export';
import { useT } from '../../stores/i18n-store';

/** The panel colour a PNG is drawn on (the screen's, so it reads as on screen). */
const PNG_BACKGROUND = '#1b2230';

/**
 * One chart with its title and its exports: CSV from `rows` (the series it draws) and PNG from
 * the chart's SVG. `empty` says why there is nothing to draw instead of an empty frame.
 */
export function ChartCard(props: {
  id: string;
  title: string;
  rows: readonly CsvRow[];
  empty?: string | null;
  children: ReactNode;
}) {
  const t = useT();
  const frame = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const titleId = `chart-${props.id}-title`;

  async function png() {
    const svg = frame.current?.querySelector<SVGSVGElement>(
      '.recharts-wrapper > svg, svg[data-chart]',
    );
    if (!svg) return;
    try {
      setFailed(null);
      await downloadPng(props.id, svg, PNG_BACKGROUND);
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <section
      className="card chart-card"
      aria-labelledby={titleId}
      data-testid={`chart-${props.id}`}
    >
      <div className="chart-head">
        <h2 id={titleId}>{props.title}</h2>
        <div className="chart-actions">
          <button
            type="button"
            aria-label={t('charts.csvOf', { chart: props.title })}
            onClick={() => downloadCsv(props.id, props.rows)}
            disabled={props.rows.length === 0}
          >
            {t('charts.csv')}
          </button>
          <button
            type="button"
            aria-label={t('charts.pngOf', { chart: props.title })}
            onClick={() => void png()}
            disabled={Boolean(props.empty)}
          >
            {t('charts.png')}
          </button>
        </div>
      </div>
      {failed && <p className="inline-error">{failed}</p>}
      <div ref={frame} className="chart-frame">
        {props.empty ? <p className="muted chart-empty">{props.empty}</p> : props.children}
      </div>
    </section>
  );
}
