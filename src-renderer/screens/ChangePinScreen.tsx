import { ChangePinForm } from '../components/ChangePinForm';
import { reportError } from '../report-error';
import { useOperatorStore } from '../stores/operator-store';

/**
 * After signing in with a temporary PIN (a manager set it) or a short one (from before PINs
 * had 6 digits): the station allows nothing else until it is changed.
 */
export function ChangePinScreen() {
  const name = useOperatorStore((s) => s.operator?.name);
  const signOut = useOperatorStore((s) => s.signOut);
  return (
    <div className="sign-in">
      <section className="card" aria-labelledby="change-pin-title">
        <h1 id="change-pin-title">Choose a new PIN</h1>
        <p>
          {name}, your PIN was set by a manager or is shorter than 6 digits. Choose your own before
          you go on.
        </p>
        <ChangePinForm
          cancelLabel="Sign out"
          onCancel={() => void signOut().catch((err: unknown) => reportError(err))}
        />
      </section>
    </div>
  );
}
