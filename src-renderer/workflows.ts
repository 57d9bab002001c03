import { useAlertsStore } from './stores/alerts-store';
import { useReceiptsStore } from './stores/receipts-store';
import { useLotStore } from './stores/lot-store';
import { usePaymentStore } from './stores/payment-store';
import { useSessionsStore } from './stores/sessions-store';
import { toast } from './stores/toast-store';
import { useUiStore } from './stores/ui-store';

/** F9 / "Pay cash": opens the cash panel for the selected session if something is due. */
export function startPayment(): void {
  const selected = useSessionsStore.getState().selected;
  if (!selected) {
    toast('info', 'Select a session first: search its plate in Sessions (F2).');
    return;
  }
  useUiStore.getState().go('sessions');
  if (!selected.quote || selected.quote.dueMinor <= 0) {
    toast('info', `Nothing is due for ${selected.plate}.`);
    return;
  }
  usePaymentStore.getState().open(selected.id);
}

/** From a lane that refused exit: select the session and open the cash panel for it. */
export async function payForSession(sessionId: string): Promise<void> {
  const sessions = useSessionsStore.getState();
  usePaymentStore.getState().reset();
  await sessions.select(sessionId);
  if (useSessionsStore.getState().selected?.id === sessionId) startPayment();
  else useUiStore.getState().go('sessions');
}

/** After sign-out nothing the previous operator looked at may stay on screen. */
export function resetOperatorData(): void {
  useSessionsStore.getState().reset();
  usePaymentStore.getState().reset();
  useAlertsStore.getState().reset();
  useLotStore.getState().reset();
  useReceiptsStore.getState().reset();
  useUiStore.getState().go('lanes');
}
