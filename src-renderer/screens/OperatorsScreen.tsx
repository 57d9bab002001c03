import { useEffect, useState, type FormEvent } from 'react';
import type { Role } from '../../src-shared';
import { Dialog } from '../components/Dialog';
import { InlineError } from '../components/InlineError';
import { PinInput } from '../components/PinInput';
import { minReasonLength } from '../components/ReasonDialog';
import { newPinProblem } from '../pin-rules';
import { errorMessage } from '../station';
import { useOperatorsStore } from '../stores/operators-store';
import { toast } from '../stores/toast-store';

/**
 * The manager's operators: add one (with a temporary PIN they change at their first sign-in)
 * or give a cashier who forgot theirs (or is locked out) a temporary one, with a reason.
 */
export function OperatorsScreen() {
  const operators = useOperatorsStore((s) => s.operators);
  const error = useOperatorsStore((s) => s.error);
  const load = useOperatorsStore((s) => s.load);
  const [resetting, setResetting] = useState<string | null>(null);

  useEffect(() => void load(), [load]);

  return (
    <section className="screen" aria-labelledby="operators-title">
      <div className="screen-head">
        <h1 id="operators-title">Operators</h1>
      </div>
      <InlineError message={error} />
      <table className="lot-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">PIN</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.name} data-testid={`operator-row-${o.name}`}>
              <td>{o.name}</td>
              <td>{o.role}</td>
              <td>{o.mustChangePin ? 'Temporary: to change at sign-in' : 'Their own'}</td>
              <td>
                {o.role === 'cashier' && (
                  <button type="button" onClick={() => setResetting(o.name)}>
                    Reset PIN
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
  const add = useOperatorsStore((s) => s.add);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Enter a name.');
    const problem = newPinProblem(pin, again);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await add(name.trim(), role, pin);
      toast('ok', `${name.trim()} added: they choose their own PIN at their first sign-in.`);
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
      <h2 id="add-operator-title">Add an operator</h2>
      <label className="field">
        <span>Name</span>
        <input
          value={name}
          maxLength={40}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="cashier">Cashier</option>
          <option value="manager">Manager</option>
        </select>
      </label>
      <PinInput label="Temporary PIN" value={pin} onChange={setPin} autoComplete="new-password" />
      <PinInput
        label="Temporary PIN again"
        value={again}
        onChange={setAgain}
        autoComplete="new-password"
      />
      <InlineError message={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add operator'}
        </button>
      </div>
    </form>
  );
}

function ResetPinDialog({ name, onClose }: { name: string; onClose: () => void }) {
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
      return setError(`Give a reason of at least ${minReasonLength} characters.`);
    }
    setBusy(true);
    setError(null);
    try {
      await resetPin(name, pin, reason.trim());
      toast('ok', `${name} has a temporary PIN: they choose their own at their next sign-in.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Reset ${name}'s PIN`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <PinInput
          label="Temporary PIN"
          value={pin}
          onChange={setPin}
          autoComplete="new-password"
          autoFocus
        />
        <PinInput
          label="Temporary PIN again"
          value={again}
          onChange={setAgain}
          autoComplete="new-password"
        />
        <label className="field">
          <span>Reason</span>
          <input
            value={reason}
            maxLength={300}
            autoComplete="off"
            onChange={(e) => setReason(e.target.value)}
          />
          <small>Recorded in the journal.</small>
        </label>
        <InlineError message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Working…' : 'Reset PIN'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
