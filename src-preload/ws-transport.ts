import type {
  ClientMessage,
  IpcResult,
  ServerMessage,
  StationErrorShape,
  StationTransport,
} from '../src-shared';
import { isKnownChannel, isKnownEvent } from './contract-names';

/*
 * StationTransport over the headless host's WebSocket protocol (wire.ts). Browser code: the
 * WebSocket class is passed in (the page's own, or `ws` in tests), and nothing here is DOM-typed.
 */

/** What is used of a WebSocket; both the browser's and `ws`'s classes fit. */
export interface WebSocketLike {
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketCtor = new (url: string, protocols: string[]) => WebSocketLike;

export interface WsTransport extends StationTransport {
  /** Stops reconnecting, closes the socket and fails whatever is still pending. */
  close(): void;
}

export const CONNECTION_LOST = 'Connection to the station was lost';

const fail = (error: StationErrorShape): IpcResult<unknown> => ({ ok: false, error });

export function createWsTransport(
  url: string,
  protocols: string[],
  WebSocketImpl: WebSocketCtor,
  opts: { minDelayMs?: number; maxDelayMs?: number } = {},
): WsTransport {
  const minDelay = opts.minDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 5_000;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let queue: string[] = []; // serialised invokes waiting for the socket to open
  let socket: WebSocketLike | null = null;
  let open = false;
  let closed = false;
  let nextId = 1;
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // A sent request may or may not have run (a payment!), so it fails; it is never resent.
  const failPending = () => {
    queue = [];
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(fail({ code: 'INTERNAL', message: CONNECTION_LOST }));
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (msg?.type === 'result') {
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      resolve?.(msg.result);
    } else if (msg?.type === 'event') {
      for (const listener of listeners.get(msg.event) ?? []) {
        try {
          listener(msg.payload);
        } catch (err) {
          console.error('station event listener failed', msg.event, err);
        }
      }
    }
  };

  const scheduleReconnect = () => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  function connect(): void {
    timer = undefined;
    if (closed || socket) return;
    let ws: WebSocketLike;
    try {
      ws = new WebSocketImpl(url, protocols);
    } catch {
      failPending();
      return scheduleReconnect();
    }
    socket = ws;
    ws.onopen = () => {
      open = true;
      delay = minDelay;
      const waiting = queue;
      queue = [];
      for (const msg of waiting) ws.send(msg);
    };
    ws.onmessage = (ev: { data: unknown }) => onMessage(ev.data);
    ws.onerror = () => {}; // a close event always follows
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      open = false;
      failPending();
      scheduleReconnect();
    };
  }

  connect();

  return {
    invoke(channel, payload) {
      if (!isKnownChannel(channel)) {
        const message = `Unknown channel: ${String(channel).slice(0, 60)}`;
        return Promise.resolve(fail({ code: 'UNKNOWN_CHANNEL', message }));
      }
      if (closed) return Promise.resolve(fail({ code: 'INTERNAL', message: CONNECTION_LOST }));
      const id = nextId++;
      let text: string;
      try {
        text = JSON.stringify({ type: 'invoke', id, channel, payload } satisfies ClientMessage);
      } catch {
        const message = 'The request could not be encoded.';
        return Promise.resolve(fail({ code: 'INVALID_PAYLOAD', message }));
      }
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (open && socket) {
          socket.send(text);
          return;
        }
        queue.push(text);
        // A user action while waiting out the backoff retries now rather than later.
        if (!socket) {
          clearTimeout(timer);
          connect();
        }
      });
    },
    subscribe(event, listener) {
      if (!isKnownEvent(event)) return () => {};
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      const ws = socket;
      socket = null;
      open = false;
      ws?.close();
      failPending();
    },
  };
}
