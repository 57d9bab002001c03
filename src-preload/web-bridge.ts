// Not the barrel: it would bundle zod and every schema into the bridge (see contract-names.ts).
import { createStationApi } from '../src-shared/contract/client';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PATH, WIRE_PROTOCOL } from '../src-shared/contract/wire';
import { createWsTransport } from './ws-transport';

/*
 * The headless host's twin of the Electron preload, served as station-bridge.js and loaded
 * before the renderer bundle. It gives the page the same `window.station` API over the host's
 * WebSocket. Under Electron the preload has already defined `station`, so this does nothing.
 */
const TOKEN_KEY = 'station.token';

/** `#token=<hex>` from the address; kept for the tab so a reload after a hash change still works. */
function readToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  const valid = (t: string | null): t is string => !!t && /^[0-9a-f]{1,512}$/i.test(t);
  try {
    if (valid(fromHash)) sessionStorage.setItem(TOKEN_KEY, fromHash);
    const stored = sessionStorage.getItem(TOKEN_KEY);
    return valid(stored) ? stored : null;
  } catch {
    return valid(fromHash) ? fromHash : null; // storage can be disabled
  }
}

const host = window as Window & { station?: unknown };
if (host.station === undefined) {
  const token = readToken();
  if (token) {
    const transport = createWsTransport(
      `ws://${location.host}${WIRE_PATH}`,
      [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token],
      WebSocket,
    );
    host.station = createStationApi(transport);
  } else {
    // Left undefined on purpose: the renderer then shows its "not connected" screen.
    console.error(
      'Station Console: no #token=<hex> in the address; open the link the host printed.',
    );
  }
}
