import { useRef, useState } from 'react';
import type { DrawerView, PlainKey, ShiftView } from '../../src-shared';
import { CashCountForm } from '../components/CashCountForm';
import { CashMoveForm } from '../components/CashMoveForm';
import { InlineError } from '../components/InlineError';
import { ReasonDialog } from '../components/ReasonDialog';
import { ShiftReport } from '../components/ShiftReport';
import { VoidOrRefund } from '../components/VoidOrRefund';
import { formatDateTime, money } from '../format';
import { useKeepInView } from '../hooks/use-keep-in-view';
import { errorMessage } from '../station';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { useShiftStore } from '../stores/shift-store';

/**
 * The cash drawer's shift: open it with a counted float, move cash in and out, take a break or
 * an X report, and close it with a blind count and its Z report.
 */
export function ShiftScreen() {
  const t = useT();
  const drawer = useShiftStore((s) => s.drawer);
  const report = useShiftStore((s) => s.report);
  const error = useShiftStore((s) => s.error);
  const load = useShiftStore((s) => s.load);
  const dismissReport = useShiftStore((s) => s.dismissReport);
  const open = useShiftStore((s) => s.open);

  return (
    <section className="screen shift-screen" aria-labelledby="shift-title">
      <h1 id="shift-title" className="sr-only">
        {t('shift.title')}
      </h1>
      <InlineError message={error} />
      {report && <ShiftReport report={report} onDone={dismissReport} />}
      {!drawer ? (
        <div className="row">
          <p className="muted">{t('shift.loadingDrawer')}</p>
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </div>
      ) : drawer.shift === null ? (
        <div className="card">
          <p>{t('shift.noShift')}</p>
          <CashCountForm
            label={t('shift.openingFloat')}
            hint={t('shift.openingHint')}
            denominationsMinor={drawer.denominationsMinor}
            currency={drawer.currency}
            submitLabel={t('shift.open')}
            onSubmit={open}
          />
        </div>
      ) : (
        <LiveShift drawer={drawer} shift={drawer.shift} />
      )}
    </section>
  );
}

function LiveShift({ drawer, shift }: { drawer: DrawerView; shift: ShiftView }) {
  const t = useT();
  const m = (minor: number) => money(minor, drawer.currency);
  return (
    <div className="shift-columns">
      <div className="shift-column">
        <div className="card shift-facts">
          <h2>
            {t('shift.title')}{' '}
            <span className={`shift-state shift-state-${shift.state}`}>
              {t(stateKey[shift.state])}
            </span>
          </h2>
          <p>
            {t('shift.openedBy', {
              time: formatDateTime(shift.openedAt),
              operator: shift.openedBy,
            })}{' '}
            <strong data-testid="shift-float">{m(shift.floatMinor)}</strong>
          </p>
          {shift.state === 'open' && <OpenActions currency={drawer.currency} />}
          {shift.state === 'on-break' && <BreakActions />}
        </div>
        {shift.state === 'open' && <VoidOrRefund />}
      </div>
      {shift.state === 'counted' ? (
        <CountedDrawer shift={shift} currency={drawer.currency} />
      ) : (
        shift.state === 'open' && <CloseShift drawer={drawer} />
      )}
    </div>
  );
}

const stateKey: Record<ShiftView['state'], PlainKey> = {
  open: 'shift.state.open',
  'on-break': 'shift.state.onBreak',
  counted: 'shift.state.counted',
  closed: 'shift.state.closed',
};

function OpenActions({ currency }: { currency: string }) {
  const t = useT();
  const pause = useShiftStore((s) => s.pause);
  const xReport = useShiftStore((s) => s.xReport);
  const moveCash = useShiftStore((s) => s.moveCash);
  const busy = useShiftStore((s) => s.busy);
  const lockConsole = useOperatorStore((s) => s.lock);
  const [error, setError] = useState<string | null>(null);

  async function attempt(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void attempt(xReport)}>
          {t('shift.xReport')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void attempt(async () => {
              await pause();
              lockConsole();
            })
          }
        >
          {t('shift.takeBreak')}
        </button>
      </div>
      <InlineError message={error} />
      <CashMoveForm currency={currency} onSubmit={moveCash} />
    </>
  );
}

function BreakActions() {
  const t = useT();
  const resume = useShiftStore((s) => s.resume);
  const busy = useShiftStore((s) => s.busy);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <p>{t('shift.breakBody')}</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => resume().catch((err: unknown) => setError(errorMessage(err)))}
      >
        {t('shift.resume')}
      </button>
      <InlineError message={error} />
    </>
  );
}

/** The blind count: the expected figure is not shown, here or anywhere, until it is in. */
function CloseShift({ drawer }: { drawer: DrawerView }) {
  const t = useT();
  const close = useShiftStore((s) => s.close);
  const [counting, setCounting] = useState(false);
  const card = useRef<HTMLDivElement>(null);
  // The count grid is taller than a booth screen's free space under the header: in view.
  useKeepInView(card, counting, counting);
  if (!counting) {
    return (
      <div className="card" ref={card}>
        <h2>{t('shift.closeTitle')}</h2>
        <p className="muted">{t('shift.closeHint')}</p>
        <button type="button" onClick={() => setCounting(true)}>
          {t('shift.countAndClose')}
        </button>
      </div>
    );
  }
  return (
    <div className="card" ref={card}>
      <CashCountForm
        label={t('shift.closingCount')}
        hint={t('shift.closingHint')}
        denominationsMinor={drawer.denominationsMinor}
        currency={drawer.currency}
        submitLabel={t('shift.submitCount')}
        onSubmit={close}
        onCancel={() => setCounting(false)}
      />
    </div>
  );
}

function CountedDrawer({ shift, currency }: { shift: ShiftView; currency: string }) {
  const t = useT();
  const acceptVariance = useShiftStore((s) => s.acceptVariance);
  const [asking, setAsking] = useState(false);
  const m = (minor: number | null) => (minor === null ? '—' : money(minor, currency));
  const variance = shift.varianceMinor ?? 0;
  return (
    <div className="card counted-drawer" role="alert">
      <h2>{t(variance >= 0 ? 'shift.countOver' : 'shift.countShort')}</h2>
      <dl className="facts">
        <dt>{t('shift.counted')}</dt>
        <dd>{m(shift.countedMinor)}</dd>
        <dt>{t('shift.expected')}</dt>
        <dd>{m(shift.expectedMinor)}</dd>
        <dt>{t(variance >= 0 ? 'shift.over' : 'shift.short')}</dt>
        <dd data-testid="shift-variance">{m(variance)}</dd>
      </dl>
      <p>{t('shift.acceptBody')}</p>
      <button type="button" className="primary" onClick={() => setAsking(true)}>
        {t('shift.acceptDifference')}
      </button>
      {asking && (
        <ReasonDialog
          title={t('shift.acceptTitle')}
          confirmLabel={t('shift.acceptConfirm')}
          approvalFor="shifts:acceptVariance"
          onSubmit={(reason) => acceptVariance(reason)}
          onClose={() => setAsking(false)}
        >
          <p>
            {t('shift.countedAgainst', {
              counted: m(shift.countedMinor),
              expected: m(shift.expectedMinor),
            })}
          </p>
        </ReasonDialog>
      )}
    </div>
  );
}
