import type { SessionView } from '../../src-shared';
import { formatDateTime, formatDuration, formatWhen, money, sessionStateKey } from '../format';
import { translateFeeLabel } from '../../src-shared';
import { useI18nStore, useT } from '../stores/i18n-store';
import { useCurrency } from '../stores/status-store';
import { startPayment } from '../workflows';

/** Time in the lot: up to exit for closed stays, up to the quote's instant otherwise. */
function stay(session: SessionView): string {
  const end = session.exitAt ?? session.quote?.at ?? null;
  return end === null ? '—' : formatDuration(end - session.entryAt);
}

export function SessionDetails({
  session,
  onRefresh,
}: {
  session: SessionView;
  onRefresh: () => void;
}) {
  const t = useT();
  const language = useI18nStore((s) => s.language);
  const currency = useCurrency();
  const quote = session.quote;
  const canPay = quote !== null && quote.dueMinor > 0;
  return (
    <section className="card session-details" aria-labelledby="session-plate">
      <h2 id="session-plate" className="plate plate-large">
        {session.plate}
      </h2>
      <dl className="facts">
        <dt>{t('session.entry')}</dt>
        <dd>{formatDateTime(session.entryAt)}</dd>
        <dt>{t('session.duration')}</dt>
        <dd>{stay(session)}</dd>
        <dt>{t('session.state')}</dt>
        <dd className={`state state-${session.state}`}>
          {t(sessionStateKey[session.state])}
          {session.lostTicket && t('session.lostTicket')}
        </dd>
        {session.state === 'paid' && session.exitBy !== null && (
          <>
            <dt>{t('session.exitBy')}</dt>
            <dd>{formatWhen(session.exitBy)}</dd>
          </>
        )}
      </dl>
      {quote && (
        <table className="fee-lines">
          <caption className="sr-only">{t('session.fee')}</caption>
          <tbody>
            {quote.lines.map((line, i) => (
              <tr key={i}>
                <td>{translateFeeLabel(language, line.label)}</td>
                <td className="amount">{money(line.amountMinor, currency)}</td>
              </tr>
            ))}
            {quote.paidMinor > 0 && (
              <tr>
                <td>{t('session.alreadyPaid')}</td>
                <td className="amount">-{money(quote.paidMinor, currency)}</td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('session.dueNow')}</th>
              <td className="amount due" data-testid="session-due">
                {money(quote.dueMinor, currency)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      {!quote && <p className="muted">{t('session.noFee')}</p>}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!canPay}
          onClick={startPayment}
          aria-keyshortcuts="F9"
        >
          {t('session.payCash')} <kbd>F9</kbd>
        </button>
        <button type="button" onClick={onRefresh}>
          {t('session.refreshDue')}
        </button>
      </div>
    </section>
  );
}
