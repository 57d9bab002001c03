import { useState, type FormEvent } from 'react';
import { newPinProblem } from '../pin-rules';
import { useOperatorStore } from '../stores/operator-store';
import { errorMessage } from '../station';
import { InlineError } from './InlineError';
import { PinInput } from './PinInput';

/** The operator's own PIN: the current one, then the new one twice. */
export function ChangePinForm(props: {
  onDone?: () => void;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  const { onDone, onCancel, cancelLabel = 'Cancel' } = props;
  const changePin = useOperatorStore((s) => s.changePin);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4,12}$/.test(current)) return setError('Enter your current PIN.');
    const problem = newPinProblem(next, again);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await changePin(current, next);
      onDone?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setCurrent('');
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <PinInput label="Current PIN" value={current} onChange={setCurrent} autoFocus />
      <PinInput label="New PIN" value={next} onChange={setNext} autoComplete="new-password" />
      <PinInput
        label="New PIN again"
        value={again}
        onChange={setAgain}
        autoComplete="new-password"
      />
      <small>6 to 12 digits; not one digit repeated, nor a run like 123456.</small>
      <InlineError message={error} />
      <div className="form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change PIN'}
        </button>
      </div>
    </form>
  );
}
