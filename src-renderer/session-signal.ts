/**
 * Sign-in changes, announced once for every store. The operator store signals both edges, and
 * the bridge signals a sign-out when the station answers NOT_SIGNED_IN (a lock on
 * SESSION_LOCKED). Each store registers its
 * own reaction here, so no store or workflow has to reach into the others at sign-out.
 */

/** 'expired': the station forgot this console (a restart, a timeout); 'signed-out': on purpose. */
export type SignedOutReason = 'signed-out' | 'expired';

const signedInListeners = new Set<() => void>();
const signedOutListeners = new Set<(reason: SignedOutReason) => void>();

/** Returns the unregister function. */
export function onSignedIn(listener: () => void): () => void {
  signedInListeners.add(listener);
  return () => void signedInListeners.delete(listener);
}

/** Returns the unregister function. */
export function onSignedOut(listener: (reason: SignedOutReason) => void): () => void {
  signedOutListeners.add(listener);
  return () => void signedOutListeners.delete(listener);
}

export function signalSignedIn(): void {
  for (const listener of [...signedInListeners]) listener();
}

/** Safe to repeat: several requests may come back NOT_SIGNED_IN at once. */
export function signalSignedOut(reason: SignedOutReason): void {
  for (const listener of [...signedOutListeners]) listener(reason);
}

const lockedListeners = new Set<() => void>();

/** The station locked this console (idle): the screen stays, under the lock. */
export function onLocked(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => void lockedListeners.delete(listener);
}

/** Safe to repeat: several requests may come back SESSION_LOCKED at once. */
export function signalLocked(): void {
  for (const listener of [...lockedListeners]) listener();
}

/**
 * Runs `subscribe` at each sign-in and undoes it at the next sign-out: pushed events carry what
 * operators see, so stores listen only while someone is signed in. Start it before anyone signs
 * in (the stores are started before the first render). Returns the function that stops it.
 */
export function whileSignedIn(subscribe: () => () => void): () => void {
  let undo: (() => void) | null = null;
  const end = () => {
    undo?.();
    undo = null;
  };
  const offIn = onSignedIn(() => {
    end();
    undo = subscribe();
  });
  const offOut = onSignedOut(end);
  return () => {
    offIn();
    offOut();
    end();
  };
}
