import { useEffect, type FormEvent } from 'react';
import { journalEventTypes, type JournalEntryView } from '../../src-shared';
import { formatDateTime } from '../format';
import { useT } from '../stores/i18n-store';
import { useJournalStore } from '../stores/journal-store';
import { InlineError } from './InlineError';

/** Event families for the "What" filter: 'payment.', 'session.', … from the declared types. */
const families = [...new Set(Object.keys(journalEventTypes).map((t) => t.split('.')[0]!))].sort();

function reasonOf(entry: JournalEntryView): string {
  const reason = (entry.payload as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : '';
}

/** The rest of the payload, compact, for the details column. */
function detailsOf(entry: JournalEntryView): string {
  if (!entry.payload || typeof entry.payload !== 'object') return '';
  const rest = Object.entries(entry.payload as Record<string, unknown>).filter(
    ([k, v]) => k !== 'reason' && v !== null && v !== undefined,
  );
  return rest
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/**
 * The manager browses the station's journal: who did what to which record, when and why,
 * filtered and a page at a time. The journal is append-only and hash-chained; this only reads.
 */
export function JournalBrowser() {
  const t = useT();
  const filter = useJournalStore((s) => s.filter);
  const entries = useJournalStore((s) => s.entries);
  const pageCount = useJournalStore((s) => s.pages.length);
  const hasOlder = useJournalStore((s) => s.hasOlder);
  const loading = useJournalStore((s) => s.loading);
  const error = useJournalStore((s) => s.error);
  const setFilter = useJournalStore((s) => s.setFilter);
  const load = useJournalStore((s) => s.load);
  const older = useJournalStore((s) => s.older);
  const newer = useJournalStore((s) => s.newer);

  useEffect(() => {
    void load();
  }, [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    void load();
  }

  return (
    <section aria-labelledby="journal-title">
      <div className="screen-head">
        <h2 id="journal-title">{t('journal.title')}</h2>
      </div>
      <form className="journal-filter" onSubmit={apply}>
        <label className="field">
          <span>{t('journal.who')}</span>
          <input
            value={filter.actor}
            maxLength={40}
            autoComplete="off"
            onChange={(e) => setFilter({ actor: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('journal.what')}</span>
          <select value={filter.type} onChange={(e) => setFilter({ type: e.target.value })}>
            <option value="">{t('journal.everything')}</option>
            {families.map((f) => (
              <option key={f} value={`${f}.`}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('journal.from')}</span>
          <input
            type="date"
            value={filter.from}
            onChange={(e) => setFilter({ from: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('journal.to')}</span>
          <input
            type="date"
            value={filter.to}
            onChange={(e) => setFilter({ to: e.target.value })}
          />
        </label>
        <button type="submit" className="primary" disabled={loading}>
          {t('journal.show')}
        </button>
      </form>
      <InlineError message={error} />
      {!loading && !error && entries.length === 0 && (
        <p className="muted">{t('journal.nothing')}</p>
      )}
      <div className="table-scroll">
        <table className="audit-table" data-testid="journal-table">
          <thead>
            <tr>
              <th scope="col">{t('journal.when')}</th>
              <th scope="col">{t('journal.who')}</th>
              <th scope="col">{t('journal.what')}</th>
              <th scope="col">{t('journal.record')}</th>
              <th scope="col">{t('common.reason')}</th>
              <th scope="col">{t('journal.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>{entry.type}</td>
                <td>
                  {entry.aggregateType} {entry.aggregateId}
                </td>
                <td>{reasonOf(entry)}</td>
                <td className="journal-details">{detailsOf(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" onClick={() => void newer()} disabled={loading || pageCount <= 1}>
          {t('journal.newer')}
        </button>
        <span aria-live="polite">{t('journal.page', { page: Math.max(1, pageCount) })}</span>
        <button type="button" onClick={() => void older()} disabled={loading || !hasOlder}>
          {t('journal.older')}
        </button>
      </div>
    </section>
  );
}
