import { EventEmitter } from 'node:events';
import { channels, type ChannelName } from '../../../src-shared';
import type { Caller, HandlerMap } from '../../../src-main/ipc/dispatcher';
import { SignedInOperators } from '../../../src-main/services/signed-in-operators';
import type {
  FrameLike,
  InvokeEventLike,
  IpcMainLike,
  WebContentsLike,
} from '../../../src-main/electron/ipc-bridge';
import type { IpcRendererLike } from '../../../src-preload/ipc-transport';

/*
 * Electron's binary cannot be downloaded or run on this machine (nor in CI), so these are minimal
 * structural stand-ins for ipcMain and webContents that mirror Electron's documented behaviour:
 * one handler per channel, and an invoke on an unregistered channel rejects.
 */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();

  handle(channel: string, listener: Parameters<IpcMainLike['handle']>[1]): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  /** What ipcRenderer.invoke(channel, payload) does on the main side. */
  async invoke(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export class FakeWebContents extends EventEmitter implements WebContentsLike {
  readonly sent: [string, ...unknown[]][] = [];
  private destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** Stand-in for the renderer side's ipcRenderer: records invokes, emits (event, payload). */
export class FakeIpcRenderer extends EventEmitter implements IpcRendererLike {
  readonly invoked: [string, unknown[]][] = [];
  reply: (channel: string) => Promise<unknown> = async () => ({ ok: true, value: 'pong' });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return this.reply(channel);
  }
}

export function frame(url: string, parent: FrameLike | null = null): FrameLike {
  return { url, parent };
}

export interface HandlerCall {
  channel: ChannelName;
  payload: unknown;
  callerId: string;
}

/**
 * Real handlers for a real Dispatcher: each records what it was given (after the dispatcher's
 * validation) and answers a fixed value; sign-in goes to `signIns` as the app's does (hand the
 * same one to the Dispatcher), with any PIN: 999999 signs in a manager, others a cashier.
 */
export function recordingHandlers(
  calls: HandlerCall[],
  signIns = new SignedInOperators({ clock: Date.now }),
): HandlerMap {
  // The dispatcher checks answers against the contract: answer the simplest value that fits.
  const fitting = (channel: ChannelName) =>
    [null, [], {}].find((v) => channels[channel].response.safeParse(v).success) ?? null;
  const record = (channel: ChannelName) => (payload: unknown, caller: Caller) => {
    calls.push({ channel, payload, callerId: caller.callerId });
    return fitting(channel) as never;
  };
  const handlers = Object.fromEntries(
    (Object.keys(channels) as ChannelName[]).map((c) => [c, record(c)]),
  ) as unknown as HandlerMap;
  handlers['operator:signIn'] = (payload, caller) => {
    calls.push({ channel: 'operator:signIn', payload, callerId: caller.callerId });
    const role = payload.pin === '999999' ? 'manager' : 'cashier';
    return signIns.signIn(caller.callerId, { name: payload.name, role }, false);
  };
  handlers['lanes:list'] = (payload, caller) => {
    calls.push({ channel: 'lanes:list', payload, callerId: caller.callerId });
    return [];
  };
  return handlers;
}
