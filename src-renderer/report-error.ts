import { toast } from './stores/toast-store';
import { errorCode, errorMessage } from './station';

/** Shows a failed request as an error toast. A lost sign-in already shows the sign-in screen. */
export function reportError(err: unknown, what?: string): void {
  if (errorCode(err) === 'NOT_SIGNED_IN') return;
  const message = errorMessage(err);
  toast('error', what ? `${what}: ${message}` : message);
}
