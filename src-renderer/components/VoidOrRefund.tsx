import { useState, type FormEvent } from 'react';
import { parseMoney } from '../../src-shared';
import { formatDateTime, money } from '../format';
import { errorMessage } from '../station';
import { useReversalStore } from '../stores/reversal-store';
import { InlineError } from './InlineError';
import { ReasonDialog } from './ReasonDialog';

/**
 * Finds a payment by the number on its receipt, then voids it (a sale of this shift, the car
 * still in the lot) or refunds part or all of it: a manager's decision with a reason; at a
 * cashier's console the dialog asks for the manager's name and PIN.
 */
export function VoidOrRefund() {
  const found = useReversalStore((s) => s.found);
  const find = useReversalStore((s) => s.find);
  const voidPayment = useReversalStore((s) => s.voidPayment);
  const refund = useReversalStore((s) => s.refund);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<'void' | 'refund' | null>(null);
  const [refundText, setRefundText] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!number.trim()) return setError('Type the receipt number.');
    setError(null);
    try {
      await find(number.trim());
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function refundNow(reason: string) {
    const amountMinor = parseMoney(refundText);
    if (amountMinor === null || amountMinor === 0)
      throw new Error('Enter the amount to give back.');
    await refund(amountMinor, reason);
  }

  const m = (minor: number) => money(minor, found?.currency ?? '');
  return (
    <div className="card void-refund">
      <h2>Void or refund</h2>
      <form className="row" aria-label="Find a receipt" onSubmit={submit} noValidate>
        <label className="field">
          <span>Receipt no.</span>
          <input
            autoComplete="off"
            maxLength={40}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </label>
        <button type="submit">Find</button>
      </form>
      <InlineError message={error} />
      {found && (
        <div data-testid="found-payment">
          <p>
            <strong>{found.receiptNumber}</strong>: {m(found.amountMinor)} {found.method} for{' '}
            <span className="plate">{found.plate}</span>, {formatDateTime(found.at)}
          </p>
          {found.reversals.map((r) => (
            <p key={r.id} className="muted">
              {r.kind === 'void' ? 'Voided' : 'Refunded'} {m(r.amountMinor)} by {r.approvedBy}:{' '}
              {r.reason}
            </p>
          ))}
          {found.voidRefusal && <p className="muted">{found.voidRefusal}</p>}
          <div className="row">
            <button
              type="button"
              disabled={found.voidRefusal !== null}
              onClick={() => setAsking('void')}
            >
              Void…
            </button>
            <button
              type="button"
              disabled={found.refundableMinor === 0}
              onClick={() => {
                setRefundText((found.refundableMinor / 100).toFixed(2));
                setAsking('refund');
              }}
            >
              Refund…
            </button>
          </div>
        </div>
      )}
      {found && asking === 'void' && (
        <ReasonDialog
          title={`Void ${found.receiptNumber}`}
          confirmLabel="Void sale"
          approvalFor="payments:void"
          onSubmit={(reason) => voidPayment(reason)}
          onClose={() => setAsking(null)}
        >
          <p>
            {m(found.amountMinor)} goes back to the customer in cash, and the stay owes its fee
            again. The receipt keeps its number.
          </p>
        </ReasonDialog>
      )}
      {found && asking === 'refund' && (
        <ReasonDialog
          title={`Refund ${found.receiptNumber}`}
          confirmLabel="Refund"
          approvalFor="payments:refund"
          onSubmit={refundNow}
          onClose={() => setAsking(null)}
        >
          <label className="field">
            <span>Amount to give back (at most {m(found.refundableMinor)})</span>
            <input
              inputMode="decimal"
              autoComplete="off"
              value={refundText}
              onChange={(e) => setRefundText(e.target.value)}
            />
          </label>
        </ReasonDialog>
      )}
    </div>
  );
}
