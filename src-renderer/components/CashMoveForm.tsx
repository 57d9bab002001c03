import { useState, type FormEvent } from 'react';
import { parseMoney } from '../../src-shared';
import { money } from '../format';
import { errorMessage } from '../station';
import type { CashMoveKind } from '../stores/shift-store';
import { InlineError } from './InlineError';

const kinds: { kind: CashMoveKind; label: string; referenceHint: string }[] = [
  { kind: 'pay-in', label: 'Pay-in', referenceHint: 'Slip no.' },
  { kind: 'pay-out', label: 'Pay-out', referenceHint: 'Invoice or slip no.' },
  { kind: 'drop', label: 'Safe drop', referenceHint: 'Bag no.' },
];

interface CashMoveFormProps {
  currency: string;
  onSubmit: (m: {
    kind: CashMoveKind;
    amountMinor: number;
    reference: string;
    reason: string;
  }) => Promise<void>;
}

/** Cash in or out of the drawer that is not a sale: what, how much, its slip or bag, and why. */
export function CashMoveForm({ currency, onSubmit }: CashMoveFormProps) {
  const [kind, setKind] = useState<CashMoveKind>('drop');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = kinds.find((k) => k.kind === kind)!;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amountMinor = parseMoney(amount);
    if (amountMinor === null || amountMinor === 0) return setError('Enter the amount.');
    if (!reference.trim()) return setError(`Enter the ${chosen.referenceHint.toLowerCase()}`);
    if (reason.trim().length < 3) return setError('Give a reason of at least 3 characters.');
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ kind, amountMinor, reference: reference.trim(), reason: reason.trim() });
      setDone(`${chosen.label} of ${money(amountMinor, currency)} recorded.`);
      setAmount('');
      setReference('');
      setReason('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form cash-move" aria-label="Cash in or out" onSubmit={submit} noValidate>
      <div className="segmented" role="radiogroup" aria-label="What">
        {kinds.map((k) => (
          <button
            key={k.kind}
            type="button"
            role="radio"
            aria-checked={kind === k.kind}
            onClick={() => setKind(k.kind)}
          >
            {k.label}
          </button>
        ))}
      </div>
      <div className="row">
        <label className="field">
          <span>Amount</span>
          <input
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{chosen.referenceHint}</span>
          <input
            autoComplete="off"
            maxLength={40}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
      </div>
      <label className="field">
        <span>Reason</span>
        <input
          autoComplete="off"
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <InlineError message={error} />
      {done && !error && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Record {chosen.label.toLowerCase()}
        </button>
      </div>
    </form>
  );
}
