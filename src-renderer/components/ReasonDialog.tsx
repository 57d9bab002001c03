import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../station';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

export const minReasonLength = 3;

interface ReasonDialogProps {
  title: string;
  confirmLabel: string;
  /** Shown above the reason, e.g. what will happen. */
  children?: ReactNode;
  /** When set, the dialog also asks for a plate, starting from this value. */
  initialPlate?: string;
  onSubmit: (reason: string, plate: string) => Promise<void>;
  onClose: () => void;
}

/** Asks why (at least 3 characters) before an audited action; shows the station's refusal inline. */
export function ReasonDialog(props: ReasonDialogProps) {
  const { title, confirmLabel, children, initialPlate, onSubmit, onClose } = props;
  const [reason, setReason] = useState('');
  const [plate, setPlate] = useState(initialPlate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asksPlate = initialPlate !== undefined;
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (asksPlate && !plate.trim()) return setError('Enter the plate.');
    if (reason.trim().length < minReasonLength) {
      return setError(`Give a reason of at least ${minReasonLength} characters.`);
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim(), plate.trim());
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {children}
        {asksPlate && (
          <label className="field">
            <span>Plate</span>
            <input
              value={plate}
              maxLength={16}
              autoComplete="off"
              className="plate-input"
              onChange={(e) => setPlate(e.target.value.toUpperCase())}
              data-autofocus
            />
          </label>
        )}
        <label className="field">
          <span>Reason</span>
          <input
            value={reason}
            maxLength={300}
            autoComplete="off"
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={hintId}
            {...(asksPlate ? {} : { 'data-autofocus': true })}
          />
          <small id={hintId}>At least {minReasonLength} characters. Recorded in the journal.</small>
        </label>
        <InlineError message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
