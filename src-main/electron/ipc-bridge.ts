import { channels, type ChannelName, type EventName, type IpcResult } from '../../src-shared';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventHub } from '../ipc/event-hub';

/*
 * Structural stand-ins for the few Electron APIs the bridge touches, so the bridge can be
 * exercised under plain Node (the Electron binary cannot run in CI or on the dev box).
 */

/** The slice of `WebFrameMain` used to vouch for a sender. */
export interface FrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}

/** The slice of `WebContents` the bridge uses. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The slice of `IpcMainInvokeEvent` the bridge uses. */
export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  /** null once the frame navigated away or was destroyed. */
  readonly senderFrame: FrameLike | null | undefined;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown> | unknown,
  ): void;
}

export type DispatcherLike = Pick<Dispatcher, 'invoke' | 'forgetCaller'>;

/**
 * Registers one `ipcMain.handle` per contract channel. The sender is trusted only when the
 * message comes from a top-level frame showing the app's own renderer file (VS Code's rule):
 * an iframe, a navigated-away page or devtools gets FORBIDDEN_SENDER from the dispatcher.
 * Unknown channel names get no handler at all, so Electron itself rejects them.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  dispatcher: DispatcherLike,
  isTrustedFrame: (url: string) => boolean,
): void {
  const watched = new Set<number>();

  const forgetOnDestroy = (sender: WebContentsLike) => {
    if (watched.has(sender.id)) return;
    watched.add(sender.id);
    // Sign-in is per webContents; a closed window must not leave a signed-in caller behind.
    sender.once('destroyed', () => {
      watched.delete(sender.id);
      dispatcher.forgetCaller(String(sender.id));
    });
  };

  for (const channel of Object.keys(channels) as ChannelName[]) {
    ipcMain.handle(channel, (event, payload): Promise<IpcResult<unknown>> => {
      forgetOnDestroy(event.sender);
      const frame = event.senderFrame;
      const trustedSender = !!frame && frame.parent === null && isTrustedFrame(frame.url);
      return dispatcher.invoke(channel, payload, {
        callerId: String(event.sender.id),
        trustedSender,
      });
    });
  }
}

export type EventSource = Pick<EventHub, 'subscribe'>;

/**
 * Pushes every hub event to one window, each on its own channel name (the preload listens
 * per name). Returns an unsubscribe; it also unsubscribes itself when the window goes away.
 */
export function forwardEvents(hub: EventSource, webContents: WebContentsLike): () => void {
  let active = true;
  const unsubscribe = hub.subscribe((event: EventName, payload: unknown) => {
    if (!active || webContents.isDestroyed()) return;
    webContents.send(event, payload);
  });
  const stop = () => {
    if (!active) return;
    active = false;
    unsubscribe();
  };
  webContents.once('destroyed', stop);
  return stop;
}
