import { useEffect, useRef, type FormEvent } from 'react';
import type { SessionView } from '../../src-shared';
import { money } from '../format';
import { usePaymentStore } from '../stores/payment-store';
import { useCurrency } from '../stores/status-store';
import { useUiStore } from '../stores/ui-store';
import { CashTenderedField } from './CashTenderedField';
import { InlineError } from './InlineError';
import { PaymentResultBox } from './PaymentResultBox';

/** Cash payment for the selected session, against the due the cashier sees. */
export function PaymentPanel({ session }: { session: SessionView }) {
  const currency = useCurrency();
  const payment = usePaymentStore();
  const focusSearch = useUiStore((s) => s.focusSearch);
  const ref = useRef<HTMLElement>(null);
  const dueMinor = session.quote?.dueMinor ?? null;

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (dueMinor !== null) void payment.pay(dueMinor);
  }

  function done() {
    payment.close();
    focusSearch();
  }

  return (
    <section ref={ref} className="card payment-panel" aria-labelledby="payment-title">
      <h2 id="payment-title">Cash payment</h2>
      {payment.result ? (
        <>
          <PaymentResultBox result={payment.result} />
          <button type="button" className="primary" onClick={done}>
            Done
          </button>
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="due-line">
            Due <strong>{dueMinor === null ? '—' : money(dueMinor, currency)}</strong>
          </p>
          <CashTenderedField
            value={payment.tenderedText}
            onChange={payment.setTendered}
            currency={currency}
            dueMinor={dueMinor}
          />
          {payment.notice && (
            <p className="notice" role="alert">
              {payment.notice}
            </p>
          )}
          <InlineError message={payment.error} />
          <div className="row">
            <button
              type="submit"
              className="primary"
              disabled={payment.paying || dueMinor === null}
            >
              {payment.paying ? 'Taking payment…' : 'Take payment'}
            </button>
            <button type="button" onClick={payment.close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
