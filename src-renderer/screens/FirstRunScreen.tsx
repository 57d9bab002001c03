import { useState, type FormEvent } from 'react';
import { InlineError } from '../components/InlineError';
import { PinInput } from '../components/PinInput';
import { newPinProblem } from '../pin-rules';
import { useOperatorStore } from '../stores/operator-store';

/**
 * A station without operators (its first run): whoever sets it up names its first manager,
 * who then adds the others under Operators. The station refuses this once anyone exists.
 */
export function FirstRunScreen() {
  const setUp = useOperatorStore((s) => s.setUp);
  const busy = useOperatorStore((s) => s.signingIn);
  const stationError = useOperatorStore((s) => s.error);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFormError("Enter the manager's name.");
    const problem = newPinProblem(pin, again);
    if (problem) return setFormError(problem);
    setFormError(null);
    void setUp(name.trim(), pin);
  }

  return (
    <div className="sign-in">
      <form className="form card" onSubmit={submit} noValidate aria-labelledby="first-run-title">
        <h1 id="first-run-title">Set up this station</h1>
        <p>
          This station has no operators yet. Name its first manager: they sign in now and add the
          cashiers.
        </p>
        <label className="field">
          <span>Manager name</span>
          <input
            value={name}
            maxLength={40}
            autoComplete="username"
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <PinInput label="New PIN" value={pin} onChange={setPin} autoComplete="new-password" />
        <PinInput
          label="New PIN again"
          value={again}
          onChange={setAgain}
          autoComplete="new-password"
        />
        <InlineError message={formError ?? stationError} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting up…' : 'Create manager and sign in'}
        </button>
      </form>
    </div>
  );
}
