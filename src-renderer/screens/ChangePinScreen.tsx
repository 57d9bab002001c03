import { ChangePinForm } from '../components/ChangePinForm';
import { reportError } from '../report-error';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';

/**
 * After signing in with a temporary PIN (a manager set it) or a short one (from before PINs
 * had 6 digits): the station allows nothing else until it is changed.
 */
export function ChangePinScreen() {
  const t = useT();
  const name = useOperatorStore((s) => s.operator?.name);
  const signOut = useOperatorStore((s) => s.signOut);
  return (
    <div className="sign-in">
      <section className="card" aria-labelledby="change-pin-title">
        <h1 id="change-pin-title">{t('changePin.title')}</h1>
        <p>{t('changePin.body', { name: name ?? '' })}</p>
        <ChangePinForm
          cancelLabel={t('header.signOut')}
          onCancel={() => void signOut().catch((err: unknown) => reportError(err))}
        />
      </section>
    </div>
  );
}
