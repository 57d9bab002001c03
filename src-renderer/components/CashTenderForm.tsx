import { useId, type FormEvent, type ReactNode } from 'react';
import { parseMoney } from '../../src-shared';
import { money } from '../format';
import { useT } from '../stores/i18n-store';
import { InlineError } from './InlineError';

/** Notes a booth commonly takes, in major units, per currency. */
const notesByCurrency: Record<string, number[]> = {
  RON: [10, 20, 50, 100, 200],
  EUR: [5, 10, 20, 50, 100],
  USD: [5, 10, 20, 50, 100],
  GBP: [5, 10, 20, 50],
};
const defaultNotes = [5, 10, 20, 50, 100];

interface CashTenderFormProps {
  /** What the amount is, e.g. "Due" or "Lost-ticket fee:". */
  dueLabel: string;
  /** Null when it is not known here; then there is no "Exact" and no live change. */
  dueMinor: number | null;
  /** A test id for the amount, so tests read what the cashier reads. */
  dueTestId?: string;
  /** Said under the amount, e.g. who decides it when it is not known here. */
  hint?: ReactNode;
  currency: string;
  tendered: string;
  onTenderedChange: (text: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
  /** A request is on its way: the button says so and nothing is sent twice. */
  busy: boolean;
  /** False while there is nothing to take yet. */
  canSubmit?: boolean;
  error: string | null;
  /** Why the cashier must look again before taking payment. */
  notice?: string | null;
}

/**
 * Taking cash, the one form for every flow: the amount, "Cash tendered" with an "Exact" button,
 * note buttons and the live change, then Cancel and "Take payment". Enter submits.
 */
export function CashTenderForm(props: CashTenderFormProps) {
  const t = useT();
  const { dueLabel, dueMinor, dueTestId, hint, currency, tendered, onTenderedChange } = props;
  const { onSubmit, onCancel, busy, canSubmit = true, error, notice = null } = props;
  const inputId = useId();
  const tenderedMinor = parseMoney(tendered);
  const short = dueMinor !== null && tenderedMinor !== null && tenderedMinor < dueMinor;
  const notes = notesByCurrency[currency] ?? defaultNotes;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!busy && canSubmit) onSubmit();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="due-line">
        {dueLabel}{' '}
        <strong className="amount" data-testid={dueTestId}>
          {dueMinor === null ? '—' : money(dueMinor, currency)}
        </strong>
      </p>
      {hint && <p className="muted">{hint}</p>}
      <div className="cash-field">
        <label htmlFor={inputId}>{t('tender.cashTendered')}</label>
        <input
          id={inputId}
          className="money-input"
          inputMode="decimal"
          autoComplete="off"
          value={tendered}
          maxLength={12}
          onChange={(e) => onTenderedChange(e.target.value)}
          data-autofocus
        />
        <div className="quick-amounts" role="group" aria-label={t('tender.quickAmounts')}>
          {dueMinor !== null && (
            <button type="button" onClick={() => onTenderedChange(money(dueMinor, ''))}>
              {t('tender.exact')}
            </button>
          )}
          {notes.map((note) => (
            <button key={note} type="button" onClick={() => onTenderedChange(String(note))}>
              {/* As the site writes money ("50,00 lei"), not the ISO code after a number. */}
              {money(note * 100, currency)}
            </button>
          ))}
        </div>
        {dueMinor !== null && (
          // Always there, so the buttons do not move as the cashier types, and the live region
          // exists before its first announcement.
          <p className={short ? 'change change-short' : 'change'} aria-live="polite">
            {tenderedMinor === null
              ? ''
              : short
                ? t('tender.shortBy', { amount: money(dueMinor - tenderedMinor, currency) })
                : t('tender.change', { amount: money(tenderedMinor - dueMinor, currency) })}
          </p>
        )}
      </div>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      <InlineError message={error} />
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy || !canSubmit}>
          {busy ? t('tender.taking') : t('tender.take')}
        </button>
      </div>
    </form>
  );
}
