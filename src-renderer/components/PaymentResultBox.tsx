import { useState } from 'react';
import type { PaymentResult } from '../../src-shared';
import { formatWhen, money } from '../format';
import { usePaymentStore } from '../stores/payment-store';
import { useReceiptsStore } from '../stores/receipts-store';
import { useCurrency } from '../stores/status-store';
import { errorMessage } from '../station';
import { InlineError } from './InlineError';
import { ReasonDialog } from './ReasonDialog';

/** The contract types a reprint's state as a plain string, so this does too. */
type Receipt = { id: string; printState: string; detail: string };

function receiptText(receipt: Receipt): string {
  if (receipt.printState === 'printed') return 'Receipt printed';
  // Cut off part-way (paper, cover, cable, or the station stopping): it may be half on paper.
  if (receipt.printState === 'interrupted')
    return `Receipt cut off (${receipt.detail || 'the station stopped mid-print'}): reprint it as a copy, or void it under Alerts`;
  if (receipt.printState === 'queued')
    return `Receipt queued${receipt.detail ? `: ${receipt.detail}` : ''}`;
  return `Receipt not printed: ${receipt.detail || 'printer problem'}`;
}

/** What the cashier tells the driver after a cash payment, and the receipt's fate. */
export function PaymentResultBox({ result }: { result: PaymentResult }) {
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
      aria-label="Payment taken"
      role="status"
    >
      {payment.method === 'waived' ? (
        <p className="result-line">
          <strong>Fee waived</strong>: no charge
        </p>
      ) : (
        <>
          <p className="result-line">
            Paid <strong>{money(payment.amountMinor, currency)}</strong>
            {payment.method === 'card' && ' by card'}
            {payment.method === 'split' && ' in cash and by card'}
            {payment.method === 'qr' && ' by QR in the app'}
          </p>
          <p className="result-line result-change">
            Change <strong>{money(payment.changeMinor, currency)}</strong>
          </p>
        </>
      )}
      {session.exitBy !== null && <p>Exit by {formatWhen(session.exitBy)}</p>}
      <p className="receipt-number" data-testid="receipt-number">
        Receipt no. <strong>{payment.receiptNumber}</strong>
      </p>
      <p className={receipt.printState === 'failed' ? 'receipt receipt-failed' : 'receipt'}>
        {receiptText(receipt)}
      </p>
      {/* A waiting receipt prints by itself: a COPY beside it is refused until then. */}
      {receipt.printState !== 'printed' && receipt.printState !== 'queued' && (
        <button type="button" onClick={() => setAskingReprint(true)}>
          Reprint
        </button>
      )}
      {receipt.printState !== 'printed' && !digital && (
        <button type="button" onClick={() => void showDigital()}>
          Show digital receipt
        </button>
      )}
      <InlineError message={digitalError} />
      {digital && (
        <figure className="digital-receipt" data-testid="digital-receipt">
          <img src={digital.qrPngDataUrl} alt="QR code of the digital receipt" />
          <figcaption>
            The customer scans this for the receipt on their phone: {digital.url}
          </figcaption>
        </figure>
      )}
      {askingReprint && (
        <ReasonDialog
          title="Reprint receipt"
          confirmLabel="Reprint"
          onSubmit={reprint}
          onClose={() => setAskingReprint(false)}
        />
      )}
    </section>
  );
}
