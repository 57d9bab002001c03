import { AlertCard } from '../components/AlertCard';
import { PaymentResultBox } from '../components/PaymentResultBox';
import { ReceiptsToCheck } from '../components/ReceiptsToCheck';
import { useAlertsStore } from '../stores/alerts-store';
import { useT } from '../stores/i18n-store';
import { useReceiptsStore } from '../stores/receipts-store';

export function AlertsScreen() {
  const t = useT();
  const alerts = useAlertsStore((s) => s.alerts);
  const loaded = useAlertsStore((s) => s.loaded);
  const lastPayment = useAlertsStore((s) => s.lastPayment);
  const clearLastPayment = useAlertsStore((s) => s.clearLastPayment);
  const load = useAlertsStore((s) => s.load);
  const loadReceipts = useReceiptsStore((s) => s.load);
  return (
    <section className="screen" aria-labelledby="alerts-title">
      <div className="screen-head">
        <h1 id="alerts-title">{t('alerts.title')}</h1>
        <button
          type="button"
          onClick={() => {
            void load();
            void loadReceipts();
          }}
        >
          {t('common.refresh')}
        </button>
      </div>
      {lastPayment && (
        <div className="card">
          <h2>{t('alerts.lostTicketCharged')}</h2>
          <PaymentResultBox key={lastPayment.payment.id} result={lastPayment} />
          <button type="button" className="primary" onClick={clearLastPayment}>
            {t('common.done')}
          </button>
        </div>
      )}
      <ReceiptsToCheck />
      {loaded && alerts.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      <div className="alert-list">
        {alerts.map((alert) => (
          <AlertCard key={alert.id} alert={alert} />
        ))}
      </div>
    </section>
  );
}
