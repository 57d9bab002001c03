import type { IpcResult, StationErrorShape, StationTransport } from '../src-shared';
import { isKnownChannel, isKnownEvent } from './contract-names';

/** The slice of Electron's `ipcRenderer` the preload uses (structural, so it is testable). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const fail = (error: StationErrorShape): IpcResult<unknown> => ({ ok: false, error });

function isEnvelope(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

/**
 * StationTransport over Electron IPC. Only contract channel and event names ever reach
 * ipcRenderer, and the IpcRendererEvent (which exposes `sender`) is never handed to page code.
 */
export function createIpcTransport(ipc: IpcRendererLike): StationTransport {
  return {
    async invoke(channel, payload) {
      if (!isKnownChannel(channel)) {
        return fail({
          code: 'UNKNOWN_CHANNEL',
          message: `Unknown channel: ${String(channel).slice(0, 60)}`,
        });
      }
      try {
        const result = await ipc.invoke(channel, payload);
        if (isEnvelope(result)) return result;
        return fail({ code: 'INTERNAL', message: 'Malformed reply from the station.' });
      } catch {
        // e.g. "No handler registered" while the main process is still starting or stopping.
        return fail({ code: 'INTERNAL', message: 'The station did not answer.' });
      }
    },
    subscribe(event, listener) {
      if (!isKnownEvent(event)) return () => {};
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
}
