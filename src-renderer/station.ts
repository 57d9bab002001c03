import type { ErrorCode, StationApi } from '../src-shared';

let signInLost: () => void = () => {};
let wrapped: { bridge: StationApi; api: StationApi } | null = null;

/** Called whenever any request is refused with NOT_SIGNED_IN (the station forgot this window). */
export function onSignInLost(handler: () => void): void {
  signInLost = handler;
}

/** The bridge to the main process. main.tsx renders the app only when it is present. */
export function station(): StationApi {
  const bridge = window.station;
  if (!bridge) throw new Error('Not connected to the station.');
  if (wrapped?.bridge !== bridge) {
    const api: StationApi = {
      request: (channel, payload) =>
        bridge.request(channel, payload).catch((err: unknown) => {
          if (errorCode(err) === 'NOT_SIGNED_IN') signInLost();
          throw err;
        }),
      on: (event, listener) => bridge.on(event, listener),
    };
    wrapped = { bridge, api };
  }
  return wrapped.api;
}

export function isConnected(): boolean {
  return window.station !== undefined;
}

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
  return field(err, 'message') ?? field(err, 'code') ?? 'Something went wrong. Try again.';
}

export function errorCode(err: unknown): ErrorCode | null {
  return field(err, 'code') as ErrorCode | null;
}
