import { useState, type FormEvent } from 'react';
import { parseMoney, type PlainKey } from '../../src-shared';
import { money } from '../format';
import { errorMessage } from '../station';
import { useT } from '../stores/i18n-store';
import type { CashMoveKind } from '../stores/shift-store';
import { InlineError } from './InlineError';

const kinds: { kind: CashMoveKind; label: PlainKey; referenceHint: PlainKey }[] = [
  { kind: 'pay-in', label: 'move.payIn', referenceHint: 'move.slip' },
  { kind: 'pay-out', label: 'move.payOut', referenceHint: 'move.invoice' },
  { kind: 'drop', label: 'move.drop', referenceHint: 'move.bag' },
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
  const t = useT();
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
    if (amountMinor === null || amountMinor === 0) return setError(t('move.enterAmount'));
    if (!reference.trim()) {
      return setError(
        t('move.enterReference', { reference: t(chosen.referenceHint).toLowerCase() }),
      );
    }
    if (reason.trim().length < 3) return setError(t('common.reasonTooShort', { min: 3 }));
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ kind, amountMinor, reference: reference.trim(), reason: reason.trim() });
      setDone(t('move.recorded', { what: t(chosen.label), amount: money(amountMinor, currency) }));
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
    <form className="form cash-move" aria-label={t('move.label')} onSubmit={submit} noValidate>
      <div className="segmented" role="radiogroup" aria-label={t('move.what')}>
        {kinds.map((k) => (
          <button
            key={k.kind}
            type="button"
            role="radio"
            aria-checked={kind === k.kind}
            onClick={() => setKind(k.kind)}
          >
            {t(k.label)}
          </button>
        ))}
      </div>
      <div className="row">
        <label className="field">
          <span>{t('move.amount')}</span>
          <input
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t(chosen.referenceHint)}</span>
          <input
            autoComplete="off"
            maxLength={40}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
      </div>
      <label className="field">
        <span>{t('common.reason')}</span>
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
          {t('move.record', { what: t(chosen.label).toLowerCase() })}
        </button>
      </div>
    </form>
  );
}
