import { useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../src-shared';
import { usePaymentStore } from '../stores/payment-store';
import { selectDrawerRefusal, useShiftStore } from '../stores/shift-store';
import { useCurrency, useStatusStore } from '../stores/status-store';
import { useUiStore } from '../stores/ui-store';
import { takeCardPayment, takeCashPayment, waiveFee } from '../workflows';
import { CashTenderForm } from './CashTenderForm';
import { PaymentResultBox } from './PaymentResultBox';
import { ReasonDialog } from './ReasonDialog';
import { useKeepInView } from '../hooks/use-keep-in-view';

/** Cash payment for the selected session, against the due the cashier sees. */
export function PaymentPanel({ session }: { session: SessionView }) {
  const currency = useCurrency();
  const tendered = usePaymentStore((s) => s.tenderedText);
  const paying = usePaymentStore((s) => s.paying);
  const error = usePaymentStore((s) => s.error);
  const notice = usePaymentStore((s) => s.notice);
  const result = usePaymentStore((s) => s.result);
  const drawerRefusal = useShiftStore(selectDrawerRefusal);
  const hasCardTerminal = useStatusStore((s) => s.devices.some((d) => d.kind === 'card-terminal'));
  const setTendered = usePaymentStore((s) => s.setTendered);
  const close = usePaymentStore((s) => s.close);
  const focusSearch = useUiStore((s) => s.focusSearch);
  const ref = useRef<HTMLElement>(null);
  const dueMinor = session.quote?.dueMinor ?? null;
  const paid = result !== null;
  const [waiving, setWaiving] = useState(false);

  // Focus the tendered amount (then "Done" once paid), and keep the whole panel in view: on a
  // 768-pixel booth screen it opens under the session, its buttons below the fold.
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus({ preventScroll: true });
  }, [paid]);
  useKeepInView(ref, paid);

  function done() {
    close();
    focusSearch();
  }

  return (
    <section ref={ref} className="card payment-panel" aria-labelledby="payment-title">
      <h2 id="payment-title">Cash payment</h2>
      {paid ? (
        <>
          <PaymentResultBox result={result} />
          <button type="button" className="primary" onClick={done} data-autofocus>
            Done
          </button>
        </>
      ) : (
        <CashTenderForm
          dueLabel="Due"
          dueMinor={dueMinor}
          currency={currency}
          tendered={tendered}
          onTenderedChange={setTendered}
          onSubmit={() => {
            if (dueMinor !== null) void takeCashPayment(dueMinor, currency);
          }}
          onCancel={close}
          busy={paying}
          canSubmit={dueMinor !== null && drawerRefusal === null}
          error={error}
          notice={drawerRefusal ?? notice}
        />
      )}
      {!paid && hasCardTerminal && (
        <div className="row card-tender">
          <button
            type="button"
            disabled={paying || dueMinor === null || drawerRefusal !== null}
            onClick={() => {
              if (dueMinor !== null) void takeCardPayment(dueMinor, currency);
            }}
          >
            {tendered.trim() === '' ? 'Card' : 'Rest by card'}
          </button>
          <span className="muted">
            {paying
              ? 'Waiting for the card terminal…'
              : 'Blank: all on the card. With cash typed: that cash, the rest on the card.'}
          </span>
        </div>
      )}
      {!paid && (
        <div className="row waive-fee">
          <button
            type="button"
            disabled={paying || dueMinor === null || drawerRefusal !== null}
            onClick={() => setWaiving(true)}
          >
            Waive fee…
          </button>
          <span className="muted">No charge, with a reason and a manager.</span>
        </div>
      )}
      {waiving && dueMinor !== null && (
        <ReasonDialog
          title={`Waive the fee for ${session.plate}`}
          confirmLabel="Waive fee"
          approvalFor="payments:waive"
          onClose={() => setWaiving(false)}
          onSubmit={(reason) => waiveFee(dueMinor, reason)}
        >
          <p>
            Nothing is charged. The receipt shows the fee waived, who approved it and why, and the
            shift report lists it.
          </p>
        </ReasonDialog>
      )}
    </section>
  );
}
