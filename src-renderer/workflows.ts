// Steps that span stores. Stores never reach into each other; when one's result matters to
// another, a workflow here (or the component that asked) passes it on.
import { t, useI18nStore } from './stores/i18n-store';
import { useLanesStore } from './stores/lanes-store';
import { useOperatorStore } from './stores/operator-store';
import { usePaymentStore, type PayOutcome } from './stores/payment-store';
import { useSessionsStore } from './stores/sessions-store';
import { useStatusStore } from './stores/status-store';
import { toast } from './stores/toast-store';
import { useUiStore } from './stores/ui-store';

/**
 * At start-up (and on "Try again"): the station's status, its language and how the site writes
 * money and time, whether this window is signed in (and locked), and whether the station still
 * needs its first manager.
 */
export async function loadStation(): Promise<void> {
  const status = await useStatusStore.getState().load();
  if (!status) return;
  useI18nStore.getState().applyStatus(status);
  useOperatorStore.getState().setFromStatus(status.session, status.needsSetup);
}

/** F9 / "Pay cash": opens the cash panel for the selected session if something is due. */
export function startPayment(): void {
  const selected = useSessionsStore.getState().selected;
  if (!selected) {
    toast('info', t('session.selectFirst'));
    return;
  }
  useUiStore.getState().go('sessions');
  if (!selected.quote || selected.quote.dueMinor <= 0) {
    toast('info', t('session.nothingDue', { plate: selected.plate }));
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

/**
 * "Take payment" in the cash panel. Once paid, the lane drops its "Not paid" result and the
 * session shows its new state; if the due changed first, the session shows the new due.
 */
export async function takeCashPayment(expectedDueMinor: number, currency: string): Promise<void> {
  afterPayment(await usePaymentStore.getState().pay(expectedDueMinor, currency));
}

/** The card (or the rest after the typed cash) on the terminal; then as after cash. */
export async function takeCardPayment(expectedDueMinor: number, currency: string): Promise<void> {
  afterPayment(await usePaymentStore.getState().payCard(expectedDueMinor, currency));
}

/** A QR code for the customer's app (or the rest after the typed cash); then as after cash. */
export async function takeQrPayment(expectedDueMinor: number, currency: string): Promise<void> {
  afterPayment(await usePaymentStore.getState().payQr(expectedDueMinor, currency));
}

/** A manager waives the due (a nil payment); then as after cash. Throws the refusal. */
export async function waiveFee(expectedDueMinor: number, reason: string): Promise<void> {
  afterPayment(await usePaymentStore.getState().waive(expectedDueMinor, reason));
}

function afterPayment(outcome: PayOutcome): void {
  if (outcome?.kind === 'paid') {
    useLanesStore.getState().clearUnpaidFor(outcome.sessionId);
    void useSessionsStore.getState().refreshSelected();
  } else if (outcome?.kind === 'due-changed' && outcome.quote) {
    useSessionsStore.getState().applyQuote(outcome.sessionId, outcome.quote);
  }
}
