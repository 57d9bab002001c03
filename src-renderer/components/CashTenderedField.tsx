import { useId } from 'react';
import { parseMoney } from '../../src-shared';
import { money } from '../format';

/** Notes a booth commonly takes, in major units, per currency. */
const notesByCurrency: Record<string, number[]> = {
  RON: [10, 20, 50, 100, 200],
  EUR: [5, 10, 20, 50, 100],
  USD: [5, 10, 20, 50, 100],
  GBP: [5, 10, 20, 50],
};
const defaultNotes = [5, 10, 20, 50, 100];

interface CashTenderedFieldProps {
  value: string;
  onChange: (text: string) => void;
  currency: string;
  /** When known, an "Exact" button fills it and the change is shown live. */
  dueMinor: number | null;
}

/** The "Cash tendered" input with quick-amount buttons and the live change. */
export function CashTenderedField({ value, onChange, currency, dueMinor }: CashTenderedFieldProps) {
  const inputId = useId();
  const tendered = parseMoney(value);
  const notes = notesByCurrency[currency] ?? defaultNotes;
  return (
    <div className="cash-field">
      <label htmlFor={inputId}>Cash tendered</label>
      <input
        id={inputId}
        className="money-input"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        maxLength={12}
        onChange={(e) => onChange(e.target.value)}
        data-autofocus
      />
      <div className="quick-amounts" role="group" aria-label="Quick amounts">
        {dueMinor !== null && (
          <button type="button" onClick={() => onChange(money(dueMinor, ''))}>
            Exact
          </button>
        )}
        {notes.map((note) => (
          <button key={note} type="button" onClick={() => onChange(String(note))}>
            {note} {currency}
          </button>
        ))}
      </div>
      {dueMinor !== null && tendered !== null && (
        <p className={tendered >= dueMinor ? 'change' : 'change change-short'} aria-live="polite">
          {tendered >= dueMinor
            ? `Change: ${money(tendered - dueMinor, currency)}`
            : `Short by ${money(dueMinor - tendered, currency)}`}
        </p>
      )}
    </div>
  );
}
