import { useState } from 'react';
import type { PaymentResult } from '../../src-shared';
import { formatWhen, money } from '../format';
import { useReceiptsStore } from '../stores/receipts-store';
import { useCurrency } from '../stores/status-store';
import { ReasonDialog } from './ReasonDialog';

/** The contract types a reprint's state as a plain string, so this does too. */
type Receipt = { id: string; printState: string; detail: string };

function receiptText(receipt: Receipt): string {
  if (receipt.printState === 'printed') return 'Receipt printed';
  if (receipt.printState === 'interrupted')
    return 'Receipt cut off by a restart: reprint it as a copy, or void it under Alerts';
  if (receipt.printState === 'queued')
    return `Receipt queued${receipt.detail ? `: ${receipt.detail}` : ''}`;
  return `Receipt not printed: ${receipt.detail || 'printer problem'}`;
}

/** What the cashier tells the driver after a cash payment, and the receipt's fate. */
export function PaymentResultBox({ result }: { result: PaymentResult }) {
  const currency = useCurrency();
  const reprintReceipt = useReceiptsStore((s) => s.reprint);
  const [receipt, setReceipt] = useState<Receipt>(result.receipt);
  const [askingReprint, setAskingReprint] = useState(false);
  const { payment, session } = result;

  async function reprint(reason: string) {
    const answer = await reprintReceipt(receipt.id, reason);
    setReceipt({ ...receipt, printState: answer.printState, detail: answer.detail });
  }

  return (
    <section
      className="payment-result"
      data-testid="payment-result"
      aria-label="Payment taken"
      role="status"
    >
      <p className="result-line">
        Paid <strong>{money(payment.amountMinor, currency)}</strong>
      </p>
      <p className="result-line result-change">
        Change <strong>{money(payment.changeMinor, currency)}</strong>
      </p>
      {session.exitBy !== null && <p>Exit by {formatWhen(session.exitBy)}</p>}
      <p className="receipt-number" data-testid="receipt-number">
        Receipt no. <strong>{payment.receiptNumber}</strong>
      </p>
      <p className={receipt.printState === 'failed' ? 'receipt receipt-failed' : 'receipt'}>
        {receiptText(receipt)}
      </p>
      {receipt.printState !== 'printed' && (
        <button type="button" onClick={() => setAskingReprint(true)}>
          Reprint
        </button>
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
