import type { ErrorCode, StationApi } from '../src-shared';
import { signalLocked, signalSignedOut } from './session-signal';
import { t } from './stores/i18n-store';

/**
 * The bridge as the stores use it: a request the station refuses with NOT_SIGNED_IN (it forgot
 * this console) signals the sign-out, so every store drops what the operator saw; one refused
 * with SESSION_LOCKED (idle too long) signals the lock, which keeps it all under the lock.
 */
export function watchSignIn(bridge: StationApi): StationApi {
  return {
    request: (channel, payload) =>
      bridge.request(channel, payload).catch((err: unknown) => {
        if (errorCode(err) === 'NOT_SIGNED_IN') signalSignedOut('expired');
        if (errorCode(err) === 'SESSION_LOCKED') signalLocked();
        throw err;
      }),
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** What a store talks to until it is started: every request fails plainly, no event comes. */
export const notConnected: StationApi = {
  request: () => Promise.reject(new Error('Not connected to the station.')),
  on: () => () => {},
};

/**
 * Request failures are read by shape, not by class: the headless bridge throws its own bundle's
 * StationRequestError, and the Electron preload throws a plain { code, message } object.
 */
function field(err: unknown, name: 'code' | 'message'): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const value = (err as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A message fit to show a cashier, whatever was thrown. */
export function errorMessage(err: unknown): string {
  return field(err, 'message') ?? field(err, 'code') ?? t('common.somethingWentWrong');
}

export function errorCode(err: unknown): ErrorCode | null {
  return field(err, 'code') as ErrorCode | null;
}

/** The station refused because of who is (or isn't) at the console: the sign-in or lock screen says so. */
export function isSessionRefusal(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'NOT_SIGNED_IN' || code === 'SESSION_LOCKED';
}
