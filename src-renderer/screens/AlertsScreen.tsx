import { AlertCard } from '../components/AlertCard';
import { PaymentResultBox } from '../components/PaymentResultBox';
import { ReceiptsToCheck } from '../components/ReceiptsToCheck';
import { useAlertsStore } from '../stores/alerts-store';
import { useReceiptsStore } from '../stores/receipts-store';

export function AlertsScreen() {
  const alerts = useAlertsStore((s) => s.alerts);
  const loaded = useAlertsStore((s) => s.loaded);
  const lastPayment = useAlertsStore((s) => s.lastPayment);
  const clearLastPayment = useAlertsStore((s) => s.clearLastPayment);
  const load = useAlertsStore((s) => s.load);
  const loadReceipts = useReceiptsStore((s) => s.load);
  return (
    <section className="screen" aria-labelledby="alerts-title">
      <div className="screen-head">
        <h1 id="alerts-title">Alerts</h1>
        <button
          type="button"
          onClick={() => {
            void load();
            void loadReceipts();
          }}
        >
          Refresh
        </button>
      </div>
      {lastPayment && (
        <div className="card">
          <h2>Lost ticket charged</h2>
          <PaymentResultBox key={lastPayment.payment.id} result={lastPayment} />
          <button type="button" className="primary" onClick={clearLastPayment}>
            Done
          </button>
        </div>
      )}
      <ReceiptsToCheck />
      {loaded && alerts.length === 0 && <p className="muted">No open alerts.</p>}
      <div className="alert-list">
        {alerts.map((alert) => (
          <AlertCard key={alert.id} alert={alert} />
        ))}
      </div>
    </section>
  );
}
