import { useBookingsStore } from '../stores/bookings-store';
import { t } from '../stores/i18n-store';
import { selectMember, useLoyaltyStore } from '../stores/loyalty-store';
import { toast } from '../stores/toast-store';
import { useUiStore } from '../stores/ui-store';

/** A booking's e-token starts so (src-shared/domain/bookings/etoken.ts). */
const ETOKEN = 'ET1.';

/**
 * Where a scanned code goes, by what it is: a booking's e-token checks in on the Schedule; any
 * other code is a member's card or app QR, looked up for the member panel. A workflow (it
 * spans stores), so the stores stay apart.
 */
export async function routeScan(code: string, symbology: string): Promise<void> {
  if (code.startsWith(ETOKEN)) {
    useUiStore.getState().go('schedule');
    await useBookingsStore.getState().scan(code);
    return;
  }
  const loyalty = useLoyaltyStore.getState();
  await loyalty.lookup('code', code);
  const after = useLoyaltyStore.getState();
  const member = selectMember(after);
  if (member) {
    toast('info', t('scan.member', { name: member.name, points: member.balance }));
  } else if (!after.error) {
    toast('info', t('scan.unknown', { code, symbology }));
  }
}
