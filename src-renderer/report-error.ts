import { toast } from './stores/toast-store';
import { errorMessage, isSessionRefusal } from './station';

/**
 * Shows a failed request as an error toast. A lost sign-in already shows the sign-in screen,
 * a locked console the lock screen.
 */
export function reportError(err: unknown, what?: string): void {
  if (isSessionRefusal(err)) return;
  const message = errorMessage(err);
  toast('error', what ? `${what}: ${message}` : message);
}
