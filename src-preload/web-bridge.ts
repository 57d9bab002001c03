// Not the barrel: it would bundle zod and every schema into the bridge (see contract-names.ts).
import { createStationApi } from '../src-shared/contract/client';
import { WIRE_PATH, WIRE_PROTOCOL } from '../src-shared/contract/wire';
import { createWsTransport } from './ws-transport';

/*
 * The headless host's twin of the Electron preload, served as station-bridge.js and loaded
 * before the renderer bundle. It gives the page the same `window.station` API over the host's
 * WebSocket. Under Electron the preload has already defined `station`, so this does nothing.
 *
 * No secret passes through here: the host serves this page only to a browser that signed on
 * through a one-time link, and the browser itself sends that session's HttpOnly cookie with
 * the WebSocket upgrade.
 */
const host = window as Window & { station?: unknown };
if (host.station === undefined) {
  const transport = createWsTransport(
    `ws://${location.host}${WIRE_PATH}`,
    [WIRE_PROTOCOL],
    WebSocket,
  );
  host.station = createStationApi(transport);
}
