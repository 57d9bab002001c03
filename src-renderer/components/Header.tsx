import { useState } from 'react';
import { reportError } from '../report-error';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { useStatusStore } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { useUiStore } from '../stores/ui-store';
import { ChangePinForm } from './ChangePinForm';
import { Dialog } from './Dialog';
import { NavBar } from './NavBar';

export function Header() {
  const t = useT();
  const stationName = useStatusStore((s) => s.stationName);
  const operator = useOperatorStore((s) => s.operator);
  // A forced PIN change is the whole screen; the nav waits until it is done.
  const working = useOperatorStore((s) => s.operator !== null && !s.mustChangePin);
  const signOut = useOperatorStore((s) => s.signOut);
  const setHelpOpen = useUiStore((s) => s.setHelpOpen);
  const [changingPin, setChangingPin] = useState(false);
  return (
    <header className="header">
      <div className="brand">{stationName || t('header.station')}</div>
      {working && <NavBar />}
      {operator && (
        <div className="operator">
          <span data-testid="operator">
            {operator.name}{' '}
            <span className="role">
              {t(operator.role === 'manager' ? 'role.manager' : 'role.cashier')}
            </span>
          </span>
          <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('header.shortcuts')} <kbd>?</kbd>
          </button>
          {working && (
            <button type="button" onClick={() => setChangingPin(true)}>
              {t('header.changePin')}
            </button>
          )}
          <button type="button" onClick={() => signOut().catch((err) => reportError(err))}>
            {t('header.signOut')}
          </button>
        </div>
      )}
      {changingPin && (
        <Dialog title={t('header.changePinTitle')} onClose={() => setChangingPin(false)}>
          <ChangePinForm
            onCancel={() => setChangingPin(false)}
            onDone={() => {
              setChangingPin(false);
              toast('ok', t('header.pinChanged'));
            }}
          />
        </Dialog>
      )}
    </header>
  );
}
