import { APP_HOST, APP_SCHEME } from './app-protocol';

/**
 * Whether an IPC sender (or a navigation target) is the app's own renderer: exactly
 * app://station/index.html, hash and query ignored (the screens route by hash). Anything else
 * is refused: file:// (the app is no longer loaded from it), http(s), another file or host on
 * app://, a port or user info, devtools://, data:, about:blank.
 *
 * The URL parser has already removed dot segments, so app://station/x/../index.html compares as
 * the index; an encoded slash or dot stays encoded and does not match.
 */
export function isTrustedAppUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST && // host includes the port: app://station:1/ is refused
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname === '/index.html'
  );
}
