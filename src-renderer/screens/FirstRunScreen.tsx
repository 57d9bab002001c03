import { useState, type FormEvent } from 'react';
import { InlineError } from '../components/InlineError';
import { PinInput } from '../components/PinInput';
import { newPinProblem } from '../pin-rules';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';

/**
 * A station without operators (its first run): whoever sets it up names its first manager,
 * who then adds the others under Operators. The station refuses this once anyone exists.
 */
export function FirstRunScreen() {
  const t = useT();
  const setUp = useOperatorStore((s) => s.setUp);
  const busy = useOperatorStore((s) => s.signingIn);
  const stationError = useOperatorStore((s) => s.error);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFormError(t('firstRun.enterName'));
    const problem = newPinProblem(pin, again);
    if (problem) return setFormError(problem);
    setFormError(null);
    void setUp(name.trim(), pin);
  }

  return (
    <div className="sign-in">
      <form className="form card" onSubmit={submit} noValidate aria-labelledby="first-run-title">
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p>{t('firstRun.body')}</p>
        <label className="field">
          <span>{t('common.managerName')}</span>
          <input
            value={name}
            maxLength={40}
            autoComplete="username"
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <PinInput label={t('pin.new')} value={pin} onChange={setPin} autoComplete="new-password" />
        <PinInput
          label={t('pin.newAgain')}
          value={again}
          onChange={setAgain}
          autoComplete="new-password"
        />
        <InlineError message={formError ?? stationError} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('firstRun.busy') : t('firstRun.submit')}
        </button>
      </form>
    </div>
  );
}
