import { useState } from 'react';
import type { PaymentResult } from '../../src-shared';
import { formatWhen, money } from '../format';
import { t as say, useT } from '../stores/i18n-store';
import { usePaymentStore } from '../stores/payment-store';
import { useReceiptsStore } from '../stores/receipts-store';
import { useCurrency } from '../stores/status-store';
import { errorMessage } from '../station';
import { InlineError } from './InlineError';
import { ReasonDialog } from './ReasonDialog';

/** The contract types a reprint's state as a plain string, so this does too. */
type Receipt = { id: string; printState: string; detail: string };

function receiptText(receipt: Receipt): string {
  if (receipt.printState === 'printed') return say('result.printed');
  // Cut off part-way (paper, cover, cable, or the station stopping): it may be half on paper.
  if (receipt.printState === 'interrupted')
    return say('result.cutOff', { detail: receipt.detail || say('result.stoppedMidPrint') });
  if (receipt.printState === 'queued') {
    return receipt.detail
      ? say('result.queuedBecause', { detail: receipt.detail })
      : say('result.queued');
  }
  return say('result.notPrinted', { detail: receipt.detail || say('receipts.printerProblem') });
}

/** What the cashier tells the driver after a cash payment, and the receipt's fate. */
export function PaymentResultBox({ result }: { result: PaymentResult }) {
  const t = useT();
  const currency = useCurrency();
  const reprintReceipt = useReceiptsStore((s) => s.reprint);
  const receiptChanged = usePaymentStore((s) => s.receiptChanged);
  const [askingReprint, setAskingReprint] = useState(false);
  const digitalReceipt = useReceiptsStore((s) => s.digital);
  const [digital, setDigital] = useState<{ url: string; qrPngDataUrl: string } | null>(null);
  const [digitalError, setDigitalError] = useState<string | null>(null);

  async function showDigital() {
    setDigitalError(null);
    try {
      setDigital(await digitalReceipt(receipt.id));
    } catch (err) {
      setDigitalError(errorMessage(err));
    }
  }
  // The receipt's line follows its print job (receipt:printed, kept in the payment store).
  const receipt: Receipt = result.receipt;
  const { payment, session } = result;

  async function reprint(reason: string) {
    const answer = await reprintReceipt(receipt.id, reason);
    receiptChanged({ receiptId: receipt.id, ...answer });
  }

  return (
    <section
      className="payment-result"
      data-testid="payment-result"
      aria-label={t('result.label')}
      role="status"
    >
      {payment.method === 'waived' ? (
        <p className="result-line">
          <strong>{t('result.feeWaived')}</strong>
          {t('result.noCharge')}
        </p>
      ) : (
        <>
          <p className="result-line">
            {t('result.paid')} <strong>{money(payment.amountMinor, currency)}</strong>
            {payment.method === 'card' && t('result.byCard')}
            {payment.method === 'split' &&
              (payment.splitWith === 'qr' ? t('result.splitQr') : t('result.split'))}
            {payment.method === 'qr' && t('result.qr')}
          </p>
          <p className="result-line result-change">
            {t('result.change')} <strong>{money(payment.changeMinor, currency)}</strong>
          </p>
        </>
      )}
      {session.exitBy !== null && <p>{t('result.exitBy', { time: formatWhen(session.exitBy) })}</p>}
      <p className="receipt-number" data-testid="receipt-number">
        {t('result.receiptNo')} <strong>{payment.receiptNumber}</strong>
      </p>
      <p className={receipt.printState === 'failed' ? 'receipt receipt-failed' : 'receipt'}>
        {receiptText(receipt)}
      </p>
      {/* A waiting receipt prints by itself: a COPY beside it is refused until then. */}
      {receipt.printState !== 'printed' && receipt.printState !== 'queued' && (
        <button type="button" onClick={() => setAskingReprint(true)}>
          {t('receipts.reprint')}
        </button>
      )}
      {receipt.printState !== 'printed' && !digital && (
        <button type="button" onClick={() => void showDigital()}>
          {t('result.showDigital')}
        </button>
      )}
      <InlineError message={digitalError} />
      {digital && (
        <figure className="digital-receipt" data-testid="digital-receipt">
          <img src={digital.qrPngDataUrl} alt={t('result.qrAlt')} />
          <figcaption>{t('result.scanThis', { url: digital.url })}</figcaption>
        </figure>
      )}
      {askingReprint && (
        <ReasonDialog
          title={t('result.reprintTitle')}
          confirmLabel={t('receipts.reprint')}
          onSubmit={reprint}
          onClose={() => setAskingReprint(false)}
        />
      )}
    </section>
  );
}
