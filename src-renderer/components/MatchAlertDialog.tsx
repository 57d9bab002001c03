import { useEffect, useState, type FormEvent } from 'react';
import type { AlertView, SearchCandidate } from '../../src-shared';
import { formatWhen, matchKindKey } from '../format';
import { useT } from '../stores/i18n-store';
import { errorMessage } from '../station';
import { useAlertsStore, type ResolveResponse } from '../stores/alerts-store';
import { useSessionsStore } from '../stores/sessions-store';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';
import { minReasonLength } from './ReasonDialog';

interface MatchAlertDialogProps {
  alert: AlertView;
  onResolved: (response: ResolveResponse) => void;
  onClose: () => void;
}

/** Ties an unmatched read to an existing session: search, pick one, say why. */
export function MatchAlertDialog({ alert, onResolved, onClose }: MatchAlertDialogProps) {
  const t = useT();
  const resolve = useAlertsStore((s) => s.resolve);
  const findInLot = useSessionsStore((s) => s.findInLot);
  const [query, setQuery] = useState(alert.plate);
  const [result, setResult] = useState<{ query: string; found: SearchCandidate[] } | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const trimmed = query.trim();
  const candidates = trimmed ? (result?.found ?? []) : [];

  useEffect(() => {
    if (!trimmed) return;
    let live = true;
    const timer = setTimeout(() => {
      findInLot(trimmed).then(
        (found) => {
          if (live) setResult({ query: trimmed, found });
        },
        (err: unknown) => {
          if (live) setError(errorMessage(err));
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed, findInLot]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!picked) return setError(t('matchDialog.pick'));
    if (reason.trim().length < minReasonLength) {
      return setError(t('common.reasonTooShort', { min: minReasonLength }));
    }
    setBusy(true);
    setError(null);
    try {
      const response = await resolve({
        alertId: alert.id,
        action: 'match',
        sessionId: picked,
        reason: reason.trim(),
      });
      onResolved(response);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('matchDialog.title', { plate: alert.plate })} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('matchDialog.find')}</span>
          <input
            className="plate-input"
            value={query}
            maxLength={32}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value.toUpperCase())}
            data-autofocus
          />
        </label>
        <ul className="candidates candidates-compact" aria-label={t('matchDialog.inLot')}>
          {candidates.map((c) => (
            <li key={c.session.id}>
              <button
                type="button"
                className="candidate"
                aria-pressed={picked === c.session.id}
                onClick={() => setPicked(c.session.id)}
              >
                <span className="plate">{c.session.plate}</span>
                <span>{t(matchKindKey[c.matchKind])}</span>
                <span>{t('matchDialog.inSince', { time: formatWhen(c.session.entryAt) })}</span>
              </button>
            </li>
          ))}
        </ul>
        {result?.query === trimmed && candidates.length === 0 && (
          <p className="muted">{t('matchDialog.noMatch')}</p>
        )}
        <label className="field">
          <span>{t('common.reason')}</span>
          <input
            value={reason}
            maxLength={300}
            autoComplete="off"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <InlineError message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('matchDialog.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
