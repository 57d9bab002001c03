import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ChannelName } from '../../src-shared';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { errorMessage } from '../station';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { InlineError } from './InlineError';
import { PlateField } from './PlateField';
import { PinInput } from './PinInput';

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
  /**
   * A manager-only channel this submits to: at a cashier's console the dialog also asks for a
   * manager's name and PIN, which approve this one call (the journal names them both).
   */
  approvalFor?: ChannelName;
  /** Said while the submit is under way (e.g. what the card terminal is waiting for). */
  busyNote?: ReactNode;
}

/**
 * Asks why (at least 3 characters) before an audited action, and a manager's approval when a
 * cashier starts a manager's action; shows the station's refusal inline.
 */
export function ReasonDialog(props: ReasonDialogProps) {
  const t = useT();
  const { title, confirmLabel, children, initialPlate, onSubmit, onClose, approvalFor, busyNote } =
    props;
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const approve = useOperatorStore((s) => s.approve);
  const needsApproval = approvalFor !== undefined && !isManager;
  const [manager, setManager] = useState('');
  const [managerPin, setManagerPin] = useState('');
  const [reason, setReason] = useState('');
  const [plate, setPlate] = useState(initialPlate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asksPlate = initialPlate !== undefined;
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (asksPlate && !plate.trim()) return setError(t('reason.enterPlate'));
    if (reason.trim().length < minReasonLength) {
      return setError(t('common.reasonTooShort', { min: minReasonLength }));
    }
    if (needsApproval && (!manager.trim() || !/^\d{4,12}$/.test(managerPin))) {
      return setError(t('common.managerApproves'));
    }
    setBusy(true);
    setError(null);
    try {
      if (needsApproval) {
        setManagerPin('');
        await approve(approvalFor, manager.trim(), managerPin);
      }
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
        {asksPlate && <PlateField value={plate} onChange={setPlate} autoFocus />}
        <label className="field">
          <span>{t('common.reason')}</span>
          <input
            value={reason}
            maxLength={300}
            autoComplete="off"
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={hintId}
            {...(asksPlate ? {} : { 'data-autofocus': true })}
          />
          <small id={hintId}>{t('reason.hint', { min: minReasonLength })}</small>
        </label>
        {needsApproval && (
          <fieldset className="approval">
            <legend>{t('common.managerApproval')}</legend>
            <label className="field">
              <span>{t('common.managerName')}</span>
              <input
                value={manager}
                maxLength={40}
                autoComplete="off"
                onChange={(e) => setManager(e.target.value)}
              />
            </label>
            <PinInput
              label={t('common.managerPin')}
              value={managerPin}
              onChange={setManagerPin}
              autoComplete="off"
            />
          </fieldset>
        )}
        {busy && busyNote && (
          <p role="status" aria-live="polite" className="muted">
            {busyNote}
          </p>
        )}
        <InlineError message={error} />
        <DialogActions onCancel={onClose} busy={busy} submitLabel={confirmLabel} />
      </form>
    </Dialog>
  );
}
