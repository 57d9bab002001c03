import { useState } from 'react';
import type { AlertView } from '../../src-shared';
import { newRequestKey } from '../request-key';
import { errorMessage } from '../station';
import { useAlertsStore, type ResolveResponse } from '../stores/alerts-store';
import { useT } from '../stores/i18n-store';
import { useCurrency } from '../stores/status-store';
import { readTendered } from '../tender';
import { CashTenderForm } from './CashTenderForm';
import { Dialog } from './Dialog';

interface LostTicketDialogProps {
  alert: AlertView;
  onResolved: (response: ResolveResponse) => void;
  onClose: () => void;
}

/** Charges the tariff's lost-ticket fee in cash for a car with no entry record. */
export function LostTicketDialog({ alert, onResolved, onClose }: LostTicketDialogProps) {
  const t = useT();
  const resolve = useAlertsStore((s) => s.resolve);
  const currency = useCurrency();
  const [tendered, setTendered] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for this charge: a retry after a lost answer replays it instead of charging again.
  const [requestKey] = useState(newRequestKey);
  const feeMinor = alert.lostTicketFeeMinor;

  async function submit() {
    const read = readTendered(tendered, feeMinor, currency);
    if (!read.ok) return setError(read.error);
    setBusy(true);
    setError(null);
    try {
      onResolved(
        await resolve({
          alertId: alert.id,
          action: 'lostTicket',
          tenderedMinor: read.tenderedMinor,
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
    <Dialog title={t('lostTicket.title', { plate: alert.plate })} onClose={onClose}>
      <CashTenderForm
        dueLabel={t('lostTicket.fee')}
        dueMinor={feeMinor}
        dueTestId="lost-ticket-fee"
        hint={feeMinor === null ? t('lostTicket.hint') : undefined}
        currency={currency}
        tendered={tendered}
        onTenderedChange={(text) => {
          setTendered(text);
          setError(null);
        }}
        onSubmit={() => void submit()}
        onCancel={onClose}
        busy={busy}
        error={error}
      />
    </Dialog>
  );
}
