import type {
  ClientMessage,
  IpcResult,
  ServerMessage,
  StationErrorShape,
  StationTransport,
} from '../src-shared';
import { TokenBucket, WIRE_LIMITS } from '../src-shared/contract/wire';
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
  opts: {
    minDelayMs?: number;
    maxDelayMs?: number;
    limits?: Partial<typeof WIRE_LIMITS>;
    now?: () => number;
  } = {},
): WsTransport {
  const minDelay = opts.minDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 5_000;
  const limits = { ...WIRE_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  // The host refuses invokes over WIRE_LIMITS, so they wait here instead. The rate keeps a
  // margin (the network may bunch frames up); in flight needs none, as the host counts an
  // invoke done before its answer gets here.
  const newBucket = () =>
    new TokenBucket(limits.ratePerSecond * 0.8, Math.floor(limits.burst * 0.8), now);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let outbox: { id: number; text: string }[] = []; // serialised invokes not sent yet
  const sent = new Set<number>(); // ids sent and not answered
  let bucket = newBucket();
  let socket: WebSocketLike | null = null;
  let open = false;
  let closed = false;
  let nextId = 1;
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;

  // A sent request may or may not have run (a payment!), so it fails; it is never resent.
  const failPending = () => {
    outbox = [];
    sent.clear();
    clearTimeout(pumpTimer);
    pumpTimer = undefined;
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(fail({ code: 'INTERNAL', message: CONNECTION_LOST }));
  };

  /** Sends what the limits allow now; waits for a token, or for an answer to free a slot. */
  const pump = () => {
    if (!open || !socket || pumpTimer !== undefined) return;
    while (outbox.length > 0 && sent.size < limits.maxInFlight) {
      if (!bucket.take()) {
        pumpTimer = setTimeout(() => {
          pumpTimer = undefined;
          pump();
        }, bucket.msUntilToken());
        return;
      }
      const next = outbox.shift()!;
      sent.add(next.id);
      socket.send(next.text);
    }
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
      if (!sent.delete(msg.id)) return;
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      resolve?.(msg.result);
      pump();
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
      bucket = newBucket(); // the host's bucket is per connection too
      pump();
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
        outbox.push({ id, text });
        pump();
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
