import { useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../src-shared';
import { useT } from '../stores/i18n-store';
import { usePaymentStore } from '../stores/payment-store';
import { selectDrawerRefusal, useShiftStore } from '../stores/shift-store';
import { useCurrency, useStatusStore } from '../stores/status-store';
import { useUiStore } from '../stores/ui-store';
import { selectSyncState, useSyncStore } from '../stores/sync-store';
import { takeCardPayment, takeCashPayment, takeQrPayment, waiveFee } from '../workflows';
import { QrPaymentDialog } from './QrPaymentDialog';
import { CashTenderForm } from './CashTenderForm';
import { PaymentResultBox } from './PaymentResultBox';
import { ReasonDialog } from './ReasonDialog';
import { useKeepInView } from '../hooks/use-keep-in-view';

/** Cash payment for the selected session, against the due the cashier sees. */
export function PaymentPanel({ session }: { session: SessionView }) {
  const t = useT();
  const currency = useCurrency();
  const tendered = usePaymentStore((s) => s.tenderedText);
  const paying = usePaymentStore((s) => s.paying);
  const error = usePaymentStore((s) => s.error);
  const notice = usePaymentStore((s) => s.notice);
  const result = usePaymentStore((s) => s.result);
  const drawerRefusal = useShiftStore(selectDrawerRefusal);
  const hasCardTerminal = useStatusStore((s) => s.devices.some((d) => d.kind === 'card-terminal'));
  // QR payments are the operator's: a booth with no server configured offers none.
  const syncState = useSyncStore(selectSyncState);
  const takesQr = syncState === 'online' || syncState === 'offline';
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
      <h2 id="payment-title">{t('payment.title')}</h2>
      {paid ? (
        <>
          <PaymentResultBox result={result} />
          <button type="button" className="primary" onClick={done} data-autofocus>
            {t('common.done')}
          </button>
        </>
      ) : (
        <CashTenderForm
          dueLabel={t('payment.due')}
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
            {tendered.trim() === '' ? t('payment.card') : t('payment.restByCard')}
          </button>
          <span className="muted">
            {paying ? t('payment.waitingTerminal') : t('payment.cardHint')}
          </span>
        </div>
      )}
      {!paid && takesQr && (
        <div className="row qr-tender">
          <button
            type="button"
            disabled={paying || dueMinor === null || drawerRefusal !== null}
            onClick={() => {
              if (dueMinor !== null) void takeQrPayment(dueMinor, currency);
            }}
          >
            {tendered.trim() === '' ? t('payment.qr') : t('payment.restByQr')}
          </button>
          <span className="muted">{t('payment.qrHint')}</span>
        </div>
      )}
      <QrPaymentDialog />
      {!paid && (
        <div className="row waive-fee">
          <button
            type="button"
            disabled={paying || dueMinor === null || drawerRefusal !== null}
            onClick={() => setWaiving(true)}
          >
            {t('payment.waive')}
          </button>
          <span className="muted">{t('payment.waiveHint')}</span>
        </div>
      )}
      {waiving && dueMinor !== null && (
        <ReasonDialog
          title={t('payment.waiveTitle', { plate: session.plate })}
          confirmLabel={t('payment.waiveConfirm')}
          approvalFor="payments:waive"
          onClose={() => setWaiving(false)}
          onSubmit={(reason) => waiveFee(dueMinor, reason)}
        >
          <p>{t('payment.waiveBody')}</p>
        </ReasonDialog>
      )}
    </section>
  );
}
