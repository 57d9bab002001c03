import { useState, type FormEvent } from 'react';
import { InlineError } from '../components/InlineError';
import { PinInput } from '../components/PinInput';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';

/** 4 digits still sign in: an older station may have them (the station then asks for a new one). */
const pinPattern = /^\d{4,12}$/;

export function SignInScreen() {
  const t = useT();
  const signIn = useOperatorStore((s) => s.signIn);
  const signingIn = useOperatorStore((s) => s.signingIn);
  const stationError = useOperatorStore((s) => s.error);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFormError(t('signIn.enterName'));
    if (!pinPattern.test(pin)) return setFormError(t('signIn.pinDigits'));
    setFormError(null);
    // The PIN never outlives the attempt in this screen's state.
    setPin('');
    void signIn(name.trim(), pin);
  }

  return (
    <div className="sign-in">
      <form className="form card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
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
        <PinInput label={t('common.pin')} value={pin} onChange={setPin} />
        <InlineError message={formError ?? stationError} />
        <button type="submit" className="primary" disabled={signingIn}>
          {signingIn ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
