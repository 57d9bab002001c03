import { useId, useState, type FormEvent } from 'react';
import type { CashCountView } from '../../src-shared';
import { money } from '../format';
import { errorMessage } from '../station';
import { useT } from '../stores/i18n-store';
import { InlineError } from './InlineError';

interface CashCountFormProps {
  /** Names the count for screen readers and tests, e.g. "Opening float" or "Closing count". */
  label: string;
  denominationsMinor: number[];
  currency: string;
  submitLabel: string;
  onSubmit: (count: CashCountView) => Promise<void>;
  /** Shown above the grid, e.g. that the count is blind. */
  hint?: string;
  /** When set, a Cancel button beside the submit. */
  onCancel?: () => void;
}

/** A count as the cashier types it: pieces per note or coin, blank meaning none. */
function toCount(denominations: number[], pieces: Record<number, string>): CashCountView | null {
  const count: CashCountView = [];
  for (const denominationMinor of denominations) {
    const text = (pieces[denominationMinor] ?? '').trim();
    if (text === '') continue;
    if (!/^\d{1,5}$/.test(text)) return null;
    count.push({ denominationMinor, pieces: Number(text) });
  }
  return count;
}

/**
 * Counting the drawer by denomination: one field per note and coin in a grid that fits a booth
 * screen, the running total, and one button. Tab moves down the notes; Enter submits.
 */
export function CashCountForm(props: CashCountFormProps) {
  const t = useT();
  const { label, denominationsMinor, currency, submitLabel, onSubmit, hint, onCancel } = props;
  const [pieces, setPieces] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const count = toCount(denominationsMinor, pieces);
  const total = count?.reduce((sum, l) => sum + l.denominationMinor * l.pieces, 0) ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!count) return setError(t('count.wholeNumbers'));
    setBusy(true);
    setError(null);
    try {
      await onSubmit(count);
      setPieces({});
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form cash-count" aria-labelledby={titleId} onSubmit={submit} noValidate>
      <h2 id={titleId}>{label}</h2>
      {hint && <p className="muted">{hint}</p>}
      <div className="count-grid">
        {denominationsMinor.map((d) => (
          <label key={d} className="count-cell">
            <span>{money(d, currency)}</span>
            <input
              inputMode="numeric"
              autoComplete="off"
              maxLength={5}
              value={pieces[d] ?? ''}
              onChange={(e) => setPieces({ ...pieces, [d]: e.target.value })}
              aria-label={t('count.pieces', { denomination: money(d, currency) })}
            />
          </label>
        ))}
      </div>
      <p className="count-total" aria-live="polite">
        {t('count.total')}{' '}
        <strong data-testid="count-total">{total === null ? '—' : money(total, currency)}</strong>
      </p>
      <InlineError message={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.working') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
