import { contextBridge, ipcRenderer } from 'electron';
import type { StationApi } from '../src-shared';
// Not the barrel: it would bundle zod and every schema into the preload (see contract-names.ts).
import { createStationApi } from '../src-shared/contract/client';
import { createIpcTransport } from './ipc-transport';

/*
 * Sandboxed preload (bundled to dist/preload/preload.cjs with `electron` external, because a
 * sandboxed preload cannot require node_modules). It exposes the typed station API and nothing
 * else; ipcRenderer itself never reaches the page.
 */
const api = createStationApi(createIpcTransport(ipcRenderer));

/**
 * contextBridge rebuilds a thrown Error in the page as a bare `Error(message)`, dropping `code`
 * and `issues`. A plain object crosses field by field, so the page can still read `err.code`
 * and `err.issues`, as it can with the headless bridge's StationRequestError.
 */
function crossableError(err: unknown) {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; issues?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : 'INTERNAL',
    message: typeof e?.message === 'string' ? e.message : String(err),
    issues: Array.isArray(e?.issues) ? e.issues : [],
  };
}

const exposed: StationApi = {
  request: (channel, payload) =>
    api.request(channel, payload).catch((err: unknown) => {
      throw crossableError(err);
    }),
  on: (event, listener) => api.on(event, listener),
};

contextBridge.exposeInMainWorld('station', exposed);
