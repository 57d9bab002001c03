import { t } from './stores/i18n-store';

/** What the station accepts as a new PIN, checked here first so the form can say it at once. */
export function newPinProblem(pin: string, repeated: string): string | null {
  if (!/^\d{6,12}$/.test(pin)) return t('pin.newDigits');
  if (pin !== repeated) return t('pin.differ');
  return null;
}
