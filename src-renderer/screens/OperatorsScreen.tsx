import { useEffect, useState, type FormEvent } from 'react';
import type { Role } from '../../src-shared';
import { Dialog } from '../components/Dialog';
import { DialogActions } from '../components/DialogActions';
import { InlineError } from '../components/InlineError';
import { PinInput } from '../components/PinInput';
import { minReasonLength } from '../components/ReasonDialog';
import { newPinProblem } from '../pin-rules';
import { errorMessage } from '../station';
import { useT } from '../stores/i18n-store';
import { useOperatorsStore } from '../stores/operators-store';
import { toast } from '../stores/toast-store';

/**
 * The manager's operators: add one (with a temporary PIN they change at their first sign-in)
 * or give a cashier who forgot theirs (or is locked out) a temporary one, with a reason.
 */
export function OperatorsScreen() {
  const t = useT();
  const operators = useOperatorsStore((s) => s.operators);
  const error = useOperatorsStore((s) => s.error);
  const load = useOperatorsStore((s) => s.load);
  const [resetting, setResetting] = useState<string | null>(null);

  useEffect(() => void load(), [load]);

  return (
    <section className="screen" aria-labelledby="operators-title">
      <div className="screen-head">
        <h1 id="operators-title">{t('operators.title')}</h1>
      </div>
      <InlineError message={error} />
      <table className="lot-table">
        <thead>
          <tr>
            <th scope="col">{t('operators.name')}</th>
            <th scope="col">{t('operators.role')}</th>
            <th scope="col">{t('operators.pin')}</th>
            <th scope="col">{t('operators.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.name} data-testid={`operator-row-${o.name}`}>
              <td>{o.name}</td>
              <td>{t(o.role === 'manager' ? 'role.manager' : 'role.cashier')}</td>
              <td>{t(o.mustChangePin ? 'operators.temporary' : 'operators.own')}</td>
              <td>
                {o.role === 'cashier' && (
                  <button type="button" onClick={() => setResetting(o.name)}>
                    {t('operators.resetPin')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddOperatorForm />
      {resetting && <ResetPinDialog name={resetting} onClose={() => setResetting(null)} />}
    </section>
  );
}

function AddOperatorForm() {
  const t = useT();
  const add = useOperatorsStore((s) => s.add);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError(t('operators.enterName'));
    const problem = newPinProblem(pin, again);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await add(name.trim(), role, pin);
      toast('ok', t('operators.added', { name: name.trim() }));
      setName('');
      setPin('');
      setAgain('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="add-operator-title">
      <h2 id="add-operator-title">{t('operators.addTitle')}</h2>
      <label className="field">
        <span>{t('operators.name')}</span>
        <input
          value={name}
          maxLength={40}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('operators.role')}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="cashier">{t('operators.cashier')}</option>
          <option value="manager">{t('operators.manager')}</option>
        </select>
      </label>
      <PinInput
        label={t('operators.tempPin')}
        value={pin}
        onChange={setPin}
        autoComplete="new-password"
      />
      <PinInput
        label={t('operators.tempPinAgain')}
        value={again}
        onChange={setAgain}
        autoComplete="new-password"
      />
      <InlineError message={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('operators.adding') : t('operators.add')}
        </button>
      </div>
    </form>
  );
}

function ResetPinDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const t = useT();
  const resetPin = useOperatorsStore((s) => s.resetPin);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = newPinProblem(pin, again);
    if (problem) return setError(problem);
    if (reason.trim().length < minReasonLength) {
      return setError(t('common.reasonTooShort', { min: minReasonLength }));
    }
    setBusy(true);
    setError(null);
    try {
      await resetPin(name, pin, reason.trim());
      toast('ok', t('operators.wasReset', { name }));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('operators.resetTitle', { name })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <PinInput
          label={t('operators.tempPin')}
          value={pin}
          onChange={setPin}
          autoComplete="new-password"
          autoFocus
        />
        <PinInput
          label={t('operators.tempPinAgain')}
          value={again}
          onChange={setAgain}
          autoComplete="new-password"
        />
        <label className="field">
          <span>{t('common.reason')}</span>
          <input
            value={reason}
            maxLength={300}
            autoComplete="off"
            onChange={(e) => setReason(e.target.value)}
          />
          <small>{t('common.recordedInJournal')}</small>
        </label>
        <InlineError message={error} />
        <DialogActions onCancel={onClose} busy={busy} submitLabel={t('operators.resetPin')} />
      </form>
    </Dialog>
  );
}
