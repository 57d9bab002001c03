import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { reportError } from '../report-error';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { InlineError } from './InlineError';
import { PinInput } from './PinInput';

/**
 * Covers a locked console, opaque, while the screen under it stays as the operator left it.
 * Everything else on the page is inert meanwhile (an open dialog under it too), so neither
 * focus nor a click gets past. The same operator's PIN opens it; another operator may sign in
 * instead, which ends the first session.
 */
export function LockScreen() {
  const t = useT();
  const operator = useOperatorStore((s) => s.operator);
  const unlock = useOperatorStore((s) => s.unlock);
  const signIn = useOperatorStore((s) => s.signIn);
  const signOut = useOperatorStore((s) => s.signOut);
  const busy = useOperatorStore((s) => s.signingIn);
  const stationError = useOperatorStore((s) => s.error);
  const [switching, setSwitching] = useState(false);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    const own = ref.current;
    const others = Array.from(document.body.children).filter(
      (el): el is HTMLElement => el instanceof HTMLElement && el !== own && !el.inert,
    );
    for (const el of others) el.inert = true;
    return () => {
      for (const el of others) el.inert = false;
    };
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (switching && !name.trim()) return setFormError(t('signIn.enterName'));
    if (!/^\d{4,12}$/.test(pin)) return setFormError(t('lock.enterPin'));
    setFormError(null);
    setPin('');
    void (switching ? signIn(name.trim(), pin) : unlock(pin));
  }

  return createPortal(
    <div ref={ref} className="lock-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId} className="dialog-title">
          {t('lock.title')}
        </h2>
        <form className="form" onSubmit={submit} noValidate>
          {switching ? (
            <label className="field">
              <span>{t('signIn.name')}</span>
              <input
                value={name}
                maxLength={40}
                autoComplete="username"
                autoFocus
                onChange={(e) => setName(e.target.value)}
              />
            </label>
          ) : (
            <p>
              {t('lock.lockedFor')} <strong data-testid="locked-operator">{operator?.name}</strong>{' '}
              {t('lock.lockedAfter')}
            </p>
          )}
          <PinInput label={t('common.pin')} value={pin} onChange={setPin} autoFocus={!switching} />
          <InlineError message={formError ?? stationError} />
          <div className="dialog-actions">
            <button type="button" onClick={() => signOut().catch((err) => reportError(err))}>
              {t('header.signOut')}
            </button>
            <button type="button" onClick={() => setSwitching((s) => !s)}>
              {switching
                ? operator
                  ? t('lock.back', { name: operator.name })
                  : t('lock.backToUnlock')
                : t('lock.switch')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {switching ? t('signIn.submit') : t('lock.unlock')}
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
