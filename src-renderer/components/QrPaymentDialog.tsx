import { formatWhen, money } from '../format';
import { useT } from '../stores/i18n-store';
import { usePaymentStore } from '../stores/payment-store';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

/**
 * The QR code the customer scans to pay in the operator's app, large enough to read from the
 * other side of the booth window. It stays until the station hears the payment is over; the
 * cashier can print it or withdraw it. Closing the dialog withdraws it (a QR left on no screen
 * could still be paid, so there is no "close" that leaves it open).
 */
export function QrPaymentDialog() {
  const t = useT();
  const qr = usePaymentStore((s) => s.qr);
  const error = usePaymentStore((s) => s.error);
  const cancelQr = usePaymentStore((s) => s.cancelQr);
  const printQr = usePaymentStore((s) => s.printQr);
  if (!qr) return null;
  const amount = money(qr.qrMinor, qr.currency);
  return (
    <Dialog title={t('qr.title', { amount })} onClose={() => void cancelQr()}>
      <div className="qr-payment" data-testid="qr-payment" data-reference={qr.reference}>
        {qr.qrPngDataUrl ? (
          <img src={qr.qrPngDataUrl} alt={t('qr.alt', { amount })} className="qr-code" />
        ) : (
          <p className="muted">{t('qr.preparing')}</p>
        )}
        {qr.cashMinor > 0 && <p>{t('qr.cashPart', { cash: money(qr.cashMinor, qr.currency) })}</p>}
        <p>{t('qr.payBy', { time: formatWhen(qr.expiresAt) })}</p>
        <p role="status" aria-live="polite" className="muted">
          {qr.state === 'paid' ? t('qr.booking') : t('qr.waiting')}
        </p>
        {qr.payUrl && <p className="qr-link">{qr.payUrl}</p>}
        <InlineError message={error} />
        <div className="row">
          <button type="button" onClick={() => void printQr()} disabled={qr.state !== 'shown'}>
            {t('qr.print')}
          </button>
          <button type="button" onClick={() => void cancelQr()} disabled={qr.state !== 'shown'}>
            {t('qr.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
