import type { PlainKey } from '../../src-shared';
import { useT } from '../stores/i18n-store';
import { selectHasForecourt, useStatusStore } from '../stores/status-store';
import { useUiStore } from '../stores/ui-store';
import { Dialog } from './Dialog';

/** A key (or a key's words) and what it does. */
const shortcuts: [string | PlainKey, PlainKey][] = [
  ['F1', 'shortcuts.lanes'],
  ['F2', 'shortcuts.sessions'],
  ['F3', 'shortcuts.lot'],
  ['F4', 'shortcuts.alerts'],
  ['F6', 'shortcuts.shift'],
  ['F7', 'shortcuts.schedule'],
  ['F8', 'shortcuts.fuel'],
  ['shortcuts.searchKeys', 'shortcuts.search'],
  ['shortcuts.moveKeys', 'shortcuts.move'],
  ['F9', 'shortcuts.pay'],
  ['Enter', 'shortcuts.submit'],
  ['Esc', 'shortcuts.close'],
  ['?', 'shortcuts.help'],
];

export function ShortcutHelp() {
  const t = useT();
  const setHelpOpen = useUiStore((s) => s.setHelpOpen);
  const hasForecourt = useStatusStore(selectHasForecourt);
  const close = () => setHelpOpen(false);
  return (
    <Dialog title={t('shortcuts.title')} onClose={close}>
      <table className="shortcut-table">
        <tbody>
          {shortcuts
            .filter(([key]) => hasForecourt || key !== 'F8')
            .map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key.startsWith('shortcuts.') ? t(key as PlainKey) : key}</kbd>
                </th>
                <td>{t(what)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={close} data-autofocus>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
