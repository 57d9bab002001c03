import type { ChannelName, RequestOf, ResponseOf } from './channels';
import type { EventName, EventPayload } from './events';
import { StationRequestError, type IpcResult } from './result';

/**
 * What a bridge (Electron preload or the headless WebSocket bridge) must provide.
 * Both bridges expose the same typed API built on it, so the renderer cannot tell them apart.
 */
export interface StationTransport {
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export interface StationApi {
  request<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createStationApi(transport: StationTransport): StationApi {
  return {
    async request(channel, payload) {
      const result = await transport.invoke(channel, payload);
      if (!result.ok) throw new StationRequestError(result.error);
      return result.value as never;
    },
    on(event, listener) {
      return transport.subscribe(event, (payload) => listener(payload as never));
    },
  };
}
