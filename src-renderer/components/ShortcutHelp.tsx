import { useUiStore } from '../stores/ui-store';
import { Dialog } from './Dialog';

const shortcuts: [string, string][] = [
  ['F1', 'Live lanes'],
  ['F2', 'Sessions'],
  ['F3', 'Cars in the lot'],
  ['F4', 'Alerts'],
  ['F6', 'Shift: float, cash in and out, X and Z reports'],
  ['/ or Ctrl+K', 'Plate search'],
  ['↑ ↓ then Enter', 'Move through candidates and select'],
  ['F9', 'Pay cash for the selected session'],
  ['Enter', 'Submit the focused form (search, manual entry, payment)'],
  ['Esc', 'Close a dialog'],
  ['?', 'This help'],
];

export function ShortcutHelp() {
  const setHelpOpen = useUiStore((s) => s.setHelpOpen);
  const close = () => setHelpOpen(false);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
      <table className="shortcut-table">
        <tbody>
          {shortcuts.map(([key, what]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={close} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
