import { useState, type FormEvent } from 'react';
import { parseMoney, type AlertView } from '../../src-shared';
import { money } from '../format';
import { newRequestKey } from '../request-key';
import { errorMessage } from '../station';
import { useAlertsStore, type ResolveResponse } from '../stores/alerts-store';
import { useCurrency } from '../stores/status-store';
import { CashTenderedField } from './CashTenderedField';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

interface LostTicketDialogProps {
  alert: AlertView;
  onResolved: (response: ResolveResponse) => void;
  onClose: () => void;
}

/** Charges the tariff's lost-ticket fee in cash for a car with no entry record. */
export function LostTicketDialog({ alert, onResolved, onClose }: LostTicketDialogProps) {
  const resolve = useAlertsStore((s) => s.resolve);
  const currency = useCurrency();
  const [tendered, setTendered] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for this charge: a retry after a lost answer replays it instead of charging again.
  const [requestKey] = useState(newRequestKey);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const tenderedMinor = parseMoney(tendered);
    if (tenderedMinor === null)
      return setError('Enter the cash tendered, for example 50 or 12.50.');
    setBusy(true);
    setError(null);
    try {
      onResolved(
        await resolve({
          alertId: alert.id,
          action: 'lostTicket',
          tenderedMinor,
          idempotencyKey: requestKey,
        }),
      );
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Charge lost ticket: ${alert.plate}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {alert.lostTicketFeeMinor === null ? (
          <p>The station charges the lost-ticket fee of the tariff. Take at least that much.</p>
        ) : (
          <p>
            Lost-ticket fee:{' '}
            <strong className="amount" data-testid="lost-ticket-fee">
              {money(alert.lostTicketFeeMinor, currency)}
            </strong>
          </p>
        )}
        <CashTenderedField
          value={tendered}
          onChange={setTendered}
          currency={currency}
          dueMinor={alert.lostTicketFeeMinor}
        />
        <InlineError message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Taking payment…' : 'Take payment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
