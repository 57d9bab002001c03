import { useState, type FormEvent } from 'react';
import type { AlertView } from '../../src-shared';
import { formatWhen } from '../format';
import { describeOutcome } from '../lane-outcome';
import { errorMessage } from '../station';
import { useAlertsStore, type ResolveResponse } from '../stores/alerts-store';
import { useLaneName, useLanesStore } from '../stores/lanes-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { InlineError } from './InlineError';
import { LostTicketDialog } from './LostTicketDialog';
import { MatchAlertDialog } from './MatchAlertDialog';
import { Photo } from './Photo';
import { ReasonDialog } from './ReasonDialog';

const kindLabel: Record<AlertView['kind'], string> = {
  'no-entry-record': 'No entry record',
  'low-confidence-read': 'Unsure plate read',
  'entry-held-offline': 'Entry held: offline',
  'entry-blacklisted': 'Entry held: blacklisted plate',
};

type Asking = 'match' | 'lostTicket' | 'dismiss' | 'admit' | 'admitBlacklisted' | null;

export function AlertCard({ alert }: { alert: AlertView }) {
  const resolve = useAlertsStore((s) => s.resolve);
  const admitBlacklisted = useAlertsStore((s) => s.admitBlacklisted);
  const recordOutcome = useLanesStore((s) => s.recordOutcome);
  const laneName = useLaneName(alert.laneId);
  const currency = useCurrency();
  const [asking, setAsking] = useState<Asking>(null);
  const [plate, setPlate] = useState(alert.plate);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  /** The lane shows what resolving led to (e.g. "Not paid", with a Take payment button). */
  function announce(response: ResolveResponse) {
    recordOutcome(alert.laneId, response.outcome);
    toast('ok', `${laneName}: ${describeOutcome(response.outcome, currency)}`);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setConfirmError(null);
    try {
      announce(await resolve({ alertId: alert.id, action: 'confirm', plate: plate.trim() }));
    } catch (err) {
      setConfirmError(errorMessage(err));
    }
  }

  return (
    <article
      className="card alert-card"
      data-testid={`alert-${alert.id}`}
      aria-label={`${kindLabel[alert.kind]}, ${laneName}`}
    >
      <Photo photoId={alert.photoId} alt={`Plate photo at ${laneName}`} className="alert-photo" />
      <div className="alert-body">
        <h2>{kindLabel[alert.kind]}</h2>
        <p>
          <span className="plate">{alert.plate}</span> at {laneName}, {formatWhen(alert.at)}
        </p>
        {alert.kind === 'low-confidence-read' && (
          <>
            {alert.cropPhotoId && (
              <Photo
                photoId={alert.cropPhotoId}
                alt="Plate as the camera saw it"
                className="alert-crop"
              />
            )}
            <p>
              Read with {Math.round(alert.confidence * 100)}% confidence.
              {alert.alternates.length > 0 && ' It could also be:'}
            </p>
            {alert.alternates.length > 0 && (
              <div className="row" role="group" aria-label="Other possible plates">
                {alert.alternates.map((alt) => (
                  <button key={alt} type="button" className="plate" onClick={() => setPlate(alt)}>
                    {alt}
                  </button>
                ))}
              </div>
            )}
          </>
        )}
        {alert.kind === 'low-confidence-read' && (
          <form className="row" onSubmit={confirm}>
            <label className="field inline-field">
              <span>Plate</span>
              <input
                className="plate-input"
                value={plate}
                maxLength={16}
                autoComplete="off"
                onChange={(e) => setPlate(e.target.value.toUpperCase())}
              />
            </label>
            <button type="submit" className="primary" disabled={!plate.trim()}>
              Confirm plate
            </button>
          </form>
        )}
        <InlineError message={confirmError} />
        {alert.kind === 'entry-blacklisted' ? (
          <>
            <p>
              The operator blacklisted this plate: {alert.detail ?? 'no reason given'}. Refuse it,
              or a manager lets it in.
            </p>
            <div className="row">
              <button type="button" onClick={() => setAsking('admitBlacklisted')}>
                Let in (manager)
              </button>
              <button type="button" className="primary" onClick={() => setAsking('dismiss')}>
                Refuse
              </button>
            </div>
          </>
        ) : alert.kind === 'entry-held-offline' ? (
          <>
            <p>The operator&apos;s server can&apos;t be reached: let the car in, or refuse it.</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => setAsking('admit')}>
                Let in
              </button>
              <button type="button" onClick={() => setAsking('dismiss')}>
                Refuse
              </button>
            </div>
          </>
        ) : (
          <div className="row">
            <button type="button" onClick={() => setAsking('match')}>
              Match to session
            </button>
            <button type="button" onClick={() => setAsking('lostTicket')}>
              Charge lost ticket
            </button>
            <button type="button" onClick={() => setAsking('dismiss')}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      {asking === 'match' && (
        <MatchAlertDialog alert={alert} onResolved={announce} onClose={() => setAsking(null)} />
      )}
      {asking === 'lostTicket' && (
        <LostTicketDialog alert={alert} onResolved={announce} onClose={() => setAsking(null)} />
      )}
      {asking === 'admit' && (
        <ReasonDialog
          title={`Let in: ${alert.plate}`}
          confirmLabel="Let in"
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            announce(await resolve({ alertId: alert.id, action: 'admit', reason }));
          }}
        />
      )}
      {asking === 'admitBlacklisted' && (
        <ReasonDialog
          title={`Let in blacklisted: ${alert.plate}`}
          confirmLabel="Let in"
          approvalFor="alerts:admitBlacklisted"
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            announce(await admitBlacklisted(alert.id, reason));
          }}
        >
          <p>Overrides the operator&apos;s blacklisting: {alert.detail ?? 'no reason given'}.</p>
        </ReasonDialog>
      )}
      {asking === 'dismiss' && (
        <ReasonDialog
          title={`Dismiss alert: ${alert.plate}`}
          confirmLabel="Dismiss"
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            await resolve({ alertId: alert.id, action: 'dismiss', reason });
            toast('ok', `Alert for ${alert.plate} dismissed.`);
          }}
        />
      )}
    </article>
  );
}
