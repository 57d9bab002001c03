import { useRef, useState } from 'react';
import type { DrawerView, ShiftView } from '../../src-shared';
import { CashCountForm } from '../components/CashCountForm';
import { CashMoveForm } from '../components/CashMoveForm';
import { InlineError } from '../components/InlineError';
import { ReasonDialog } from '../components/ReasonDialog';
import { ShiftReport } from '../components/ShiftReport';
import { VoidOrRefund } from '../components/VoidOrRefund';
import { formatDateTime, money } from '../format';
import { useKeepInView } from '../hooks/use-keep-in-view';
import { errorMessage } from '../station';
import { useOperatorStore } from '../stores/operator-store';
import { useShiftStore } from '../stores/shift-store';

/**
 * The cash drawer's shift: open it with a counted float, move cash in and out, take a break or
 * an X report, and close it with a blind count and its Z report.
 */
export function ShiftScreen() {
  const drawer = useShiftStore((s) => s.drawer);
  const report = useShiftStore((s) => s.report);
  const error = useShiftStore((s) => s.error);
  const load = useShiftStore((s) => s.load);
  const dismissReport = useShiftStore((s) => s.dismissReport);
  const open = useShiftStore((s) => s.open);

  return (
    <section className="screen shift-screen" aria-labelledby="shift-title">
      <h1 id="shift-title" className="sr-only">
        Shift
      </h1>
      <InlineError message={error} />
      {report && <ShiftReport report={report} onDone={dismissReport} />}
      {!drawer ? (
        <div className="row">
          <p className="muted">Loading the drawer…</p>
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </div>
      ) : drawer.shift === null ? (
        <div className="card">
          <p>No shift is open: payments wait until the drawer is opened with its float.</p>
          <CashCountForm
            label="Opening float"
            hint="Count the cash in the drawer, note by note."
            denominationsMinor={drawer.denominationsMinor}
            currency={drawer.currency}
            submitLabel="Open shift"
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
  const m = (minor: number) => money(minor, drawer.currency);
  return (
    <div className="shift-columns">
      <div className="shift-column">
        <div className="card shift-facts">
          <h2>
            Shift{' '}
            <span className={`shift-state shift-state-${shift.state}`}>
              {stateText[shift.state]}
            </span>
          </h2>
          <p>
            Opened {formatDateTime(shift.openedAt)} by {shift.openedBy}, float{' '}
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

const stateText: Record<ShiftView['state'], string> = {
  open: 'open',
  'on-break': 'on a break',
  counted: 'counted',
  closed: 'closed',
};

function OpenActions({ currency }: { currency: string }) {
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
          X report
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
          Take a break
        </button>
      </div>
      <InlineError message={error} />
      <CashMoveForm currency={currency} onSubmit={moveCash} />
    </>
  );
}

function BreakActions() {
  const resume = useShiftStore((s) => s.resume);
  const busy = useShiftStore((s) => s.busy);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <p>The drawer takes no payments during the break.</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => resume().catch((err: unknown) => setError(errorMessage(err)))}
      >
        Resume shift
      </button>
      <InlineError message={error} />
    </>
  );
}

/** The blind count: the expected figure is not shown, here or anywhere, until it is in. */
function CloseShift({ drawer }: { drawer: DrawerView }) {
  const close = useShiftStore((s) => s.close);
  const [counting, setCounting] = useState(false);
  const card = useRef<HTMLDivElement>(null);
  // The count grid is taller than a booth screen's free space under the header: in view.
  useKeepInView(card, counting, counting);
  if (!counting) {
    return (
      <div className="card" ref={card}>
        <h2>Close the shift</h2>
        <p className="muted">Count the drawer; the station compares once the count is in.</p>
        <button type="button" onClick={() => setCounting(true)}>
          Count and close…
        </button>
      </div>
    );
  }
  return (
    <div className="card" ref={card}>
      <CashCountForm
        label="Closing count"
        hint="A blind count: type what is in the drawer. It can't be redone once submitted."
        denominationsMinor={drawer.denominationsMinor}
        currency={drawer.currency}
        submitLabel="Submit count and close"
        onSubmit={close}
        onCancel={() => setCounting(false)}
      />
    </div>
  );
}

function CountedDrawer({ shift, currency }: { shift: ShiftView; currency: string }) {
  const acceptVariance = useShiftStore((s) => s.acceptVariance);
  const [asking, setAsking] = useState(false);
  const m = (minor: number | null) => (minor === null ? '—' : money(minor, currency));
  const variance = shift.varianceMinor ?? 0;
  return (
    <div className="card counted-drawer" role="alert">
      <h2>The count is {variance >= 0 ? 'over' : 'short'}</h2>
      <dl className="facts">
        <dt>Counted</dt>
        <dd>{m(shift.countedMinor)}</dd>
        <dt>Expected</dt>
        <dd>{m(shift.expectedMinor)}</dd>
        <dt>{variance >= 0 ? 'Over' : 'Short'}</dt>
        <dd data-testid="shift-variance">{m(variance)}</dd>
      </dl>
      <p>A manager accepts the difference with a reason; then the Z report closes the shift.</p>
      <button type="button" className="primary" onClick={() => setAsking(true)}>
        Accept difference…
      </button>
      {asking && (
        <ReasonDialog
          title="Accept the difference"
          confirmLabel="Accept and close"
          approvalFor="shifts:acceptVariance"
          onSubmit={(reason) => acceptVariance(reason)}
          onClose={() => setAsking(false)}
        >
          <p>
            Counted {m(shift.countedMinor)} against {m(shift.expectedMinor)} expected.
          </p>
        </ReasonDialog>
      )}
    </div>
  );
}
