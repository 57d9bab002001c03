import { useState, type FormEvent } from 'react';
import { newPinProblem } from '../pin-rules';
import { useT } from '../stores/i18n-store';
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
  const t = useT();
  const { onDone, onCancel, cancelLabel = t('common.cancel') } = props;
  const changePin = useOperatorStore((s) => s.changePin);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4,12}$/.test(current)) return setError(t('pin.enterCurrent'));
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
      <PinInput label={t('pin.current')} value={current} onChange={setCurrent} autoFocus />
      <PinInput label={t('pin.new')} value={next} onChange={setNext} autoComplete="new-password" />
      <PinInput
        label={t('pin.newAgain')}
        value={again}
        onChange={setAgain}
        autoComplete="new-password"
      />
      <small>{t('pin.rules')}</small>
      <InlineError message={error} />
      <div className="form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('pin.changing') : t('pin.change')}
        </button>
      </div>
    </form>
  );
}
