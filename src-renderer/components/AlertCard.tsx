import { useState, type FormEvent } from 'react';
import type { AlertView, PlainKey } from '../../src-shared';
import { formatWhen } from '../format';
import { describeOutcome } from '../lane-outcome';
import { errorMessage } from '../station';
import { useAlertsStore, type ResolveResponse } from '../stores/alerts-store';
import { useT } from '../stores/i18n-store';
import { useLaneName, useLanesStore } from '../stores/lanes-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { InlineError } from './InlineError';
import { LostTicketDialog } from './LostTicketDialog';
import { MatchAlertDialog } from './MatchAlertDialog';
import { Photo } from './Photo';
import { ReasonDialog } from './ReasonDialog';

const kindKey: Record<AlertView['kind'], PlainKey> = {
  'no-entry-record': 'alert.noEntryRecord',
  'low-confidence-read': 'alert.lowConfidence',
  'entry-held-offline': 'alert.heldOffline',
  'entry-blacklisted': 'alert.blacklisted',
};

type Asking = 'match' | 'lostTicket' | 'dismiss' | 'admit' | 'admitBlacklisted' | null;

export function AlertCard({ alert }: { alert: AlertView }) {
  const t = useT();
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
    toast(
      'ok',
      t('alert.laneSays', { lane: laneName, outcome: describeOutcome(response.outcome, currency) }),
    );
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
      aria-label={`${t(kindKey[alert.kind])}, ${laneName}`}
    >
      <Photo
        photoId={alert.photoId}
        alt={t('alert.photoAt', { lane: laneName })}
        className="alert-photo"
      />
      <div className="alert-body">
        <h2>{t(kindKey[alert.kind])}</h2>
        <p>
          <span className="plate">{alert.plate}</span>{' '}
          {t('alert.atLane', { lane: laneName, time: formatWhen(alert.at) })}
        </p>
        {alert.kind === 'low-confidence-read' && (
          <>
            {alert.cropPhotoId && (
              <Photo photoId={alert.cropPhotoId} alt={t('alert.crop')} className="alert-crop" />
            )}
            <p>
              {t('alert.confidence', { percent: Math.round(alert.confidence * 100) })}
              {alert.alternates.length > 0 && t('alert.couldAlsoBe')}
            </p>
            {alert.alternates.length > 0 && (
              <div className="row" role="group" aria-label={t('alert.otherPlates')}>
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
              <span>{t('common.plate')}</span>
              <input
                className="plate-input"
                value={plate}
                maxLength={16}
                autoComplete="off"
                onChange={(e) => setPlate(e.target.value.toUpperCase())}
              />
            </label>
            <button type="submit" className="primary" disabled={!plate.trim()}>
              {t('alert.confirmPlate')}
            </button>
          </form>
        )}
        <InlineError message={confirmError} />
        {alert.kind === 'entry-blacklisted' ? (
          <>
            <p>
              {t('alert.blacklistedBody', { reason: alert.detail ?? t('alert.noReasonGiven') })}
            </p>
            <div className="row">
              <button type="button" onClick={() => setAsking('admitBlacklisted')}>
                {t('alert.letInManager')}
              </button>
              <button type="button" className="primary" onClick={() => setAsking('dismiss')}>
                {t('alert.refuse')}
              </button>
            </div>
          </>
        ) : alert.kind === 'entry-held-offline' ? (
          <>
            <p>{t('alert.offlineBody')}</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => setAsking('admit')}>
                {t('alert.letIn')}
              </button>
              <button type="button" onClick={() => setAsking('dismiss')}>
                {t('alert.refuse')}
              </button>
            </div>
          </>
        ) : (
          <div className="row">
            <button type="button" onClick={() => setAsking('match')}>
              {t('alert.match')}
            </button>
            <button type="button" onClick={() => setAsking('lostTicket')}>
              {t('alert.chargeLostTicket')}
            </button>
            <button type="button" onClick={() => setAsking('dismiss')}>
              {t('alert.dismiss')}
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
          title={t('alert.letInTitle', { plate: alert.plate })}
          confirmLabel={t('alert.letIn')}
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            announce(await resolve({ alertId: alert.id, action: 'admit', reason }));
          }}
        />
      )}
      {asking === 'admitBlacklisted' && (
        <ReasonDialog
          title={t('alert.letInBlacklistedTitle', { plate: alert.plate })}
          confirmLabel={t('alert.letIn')}
          approvalFor="alerts:admitBlacklisted"
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            announce(await admitBlacklisted(alert.id, reason));
          }}
        >
          <p>
            {t('alert.overridesBlacklist', { reason: alert.detail ?? t('alert.noReasonGiven') })}
          </p>
        </ReasonDialog>
      )}
      {asking === 'dismiss' && (
        <ReasonDialog
          title={t('alert.dismissTitle', { plate: alert.plate })}
          confirmLabel={t('alert.dismiss')}
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            await resolve({ alertId: alert.id, action: 'dismiss', reason });
            toast('ok', t('alert.dismissed', { plate: alert.plate }));
          }}
        />
      )}
    </article>
  );
}
