import { useState, type FormEvent } from 'react';
import type { HeldAggregateView } from '../../src-shared';
import { useT, useTc } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { useSyncStore } from '../stores/sync-store';
import { toast } from '../stores/toast-store';
import { errorMessage } from '../station';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { InlineError } from './InlineError';
import { PinInput } from './PinInput';

/**
 * Sends a held aggregate's events to the operator's server again. A manager's action: at a
 * cashier's console the dialog takes a manager's name and PIN, which approve this one call
 * (operator:elevate, as the other manager-action dialogs do).
 */
export function RetryHeldDialog({
  held,
  onClose,
}: {
  held: HeldAggregateView;
  onClose: () => void;
}) {
  const t = useT();
  const tc = useTc();
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const approve = useOperatorStore((s) => s.approve);
  const retryHeld = useSyncStore((s) => s.retryHeld);
  const [manager, setManager] = useState('');
  const [managerPin, setManagerPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsApproval = !isManager;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (needsApproval && (!manager.trim() || !/^\d{4,12}$/.test(managerPin))) {
      return setError(t('common.managerApproves'));
    }
    setBusy(true);
    setError(null);
    try {
      if (needsApproval) {
        setManagerPin('');
        await approve('sync:retryHeld', manager.trim(), managerPin);
      }
      await retryHeld(held.aggregateType, held.aggregateId);
      toast('ok', t('sync.sentAgain', { type: held.aggregateType, id: held.aggregateId }));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('sync.retryLabel', { type: held.aggregateType, id: held.aggregateId })}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <p>{tc('sync.retryBody', held.events, { seq: held.fromSeq })}</p>
        <p className="notice">
          <strong>{held.code}</strong> {held.error}
        </p>
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
                data-autofocus
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
        <InlineError message={error} />
        <DialogActions onCancel={onClose} busy={busy} submitLabel={t('common.retry')} />
      </form>
    </Dialog>
  );
}
